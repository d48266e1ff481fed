import { describe, expect, it } from 'vitest';
import { createVerifiedMemo, memoPerKey } from './verified-memo.js';

describe('verified memo', () => {
  it('answers what was set for exactly that value', () => {
    const memo = createVerifiedMemo<number>(4);
    memo.set('s:abc.sig', 1);
    expect(memo.get('s:abc.sig')).toBe(1);
    expect(memo.get('s:abc.sig ')).toBeUndefined();
    expect(memo.get('s:abc.siG')).toBeUndefined();
  });

  it('keeps at most its bound, dropping the oldest first', () => {
    const memo = createVerifiedMemo<number>(3);
    for (let i = 0; i < 5; i += 1) memo.set(`v${i}`, i);
    expect(memo.size).toBe(3);
    expect([0, 1, 2, 3, 4].map((i) => memo.get(`v${i}`))).toEqual([undefined, undefined, 2, 3, 4]);
  });

  it('setting a value it holds again does not push another out', () => {
    const memo = createVerifiedMemo<number>(2);
    memo.set('a', 1);
    memo.set('b', 2);
    memo.set('b', 3);
    expect([memo.get('a'), memo.get('b'), memo.size]).toEqual([1, 3, 2]);
  });

  it('keeps one memo per signing key: what checked under one key says nothing under another', () => {
    const memos = memoPerKey<string>();
    const oldKey = Buffer.from('old key');
    const newKey = Buffer.from('new key');
    memos(oldKey).set('s:abc.sig', 'abc');
    expect(memos(oldKey).get('s:abc.sig')).toBe('abc');
    // A rotated secret gives another key, and a memo of its own: the old check does not carry over.
    expect(memos(newKey).get('s:abc.sig')).toBeUndefined();
  });
});
