import { describe, expect, it } from 'vitest';
import { parseCookies, readCookie } from './cookies.js';

const HEADERS: readonly (string | null)[] = [
  null,
  '',
  'session=abc',
  ' session = abc ; other=1',
  'other=1; session=first; session=second',
  'session="quoted"',
  'session="',
  'sessionx=1; xsession=2; session=3',
  '=nameless; session=4',
  'session; session=5',
  ';;session=6;;',
  'session=a=b=c',
  'other=1;session=',
  'a=1; b=2',
  'session=7; bad name=8',
];

describe('readCookie', () => {
  it.each(HEADERS.map((header) => [header]))('answers as parseCookies(%j).get does', (header) => {
    expect(readCookie(header, 'session')).toBe(parseCookies(header).get('session'));
  });

  it('agrees with parseCookies on random headers built from cookie-ish pieces', () => {
    const pieces = ['session', 'other', '=', ';', ' ', '"', 'x', '1', 'session=v'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 2000; i += 1) {
      const length = next() % 12;
      const header = Array.from({ length }, () => pieces[next() % pieces.length]).join('');
      expect([header, readCookie(header, 'session')]).toEqual([header, parseCookies(header).get('session')]);
    }
  });
});
