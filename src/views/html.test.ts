import { describe, expect, it } from 'vitest';
import { html, raw, SafeHtml } from './html.js';

describe('html`…`', () => {
  it('escapes every interpolated string, in text and in quoted attributes', () => {
    const value = `"><script>alert('x')</script>&`;
    expect(html`<p title="${value}">${value}</p>`.toString()).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>',
    );
  });

  it('inserts nested fragments and raw() markup as they are, and escapes arrays item by item', () => {
    const items = ['<a>', html`<b>${'<c>'}</b>`];
    expect(html`<ul>${items}${raw('<hr>')}</ul>`.toString()).toBe('<ul>&lt;a&gt;<b>&lt;c&gt;</b><hr></ul>');
  });

  it('renders null, undefined and false as nothing, and numbers as text', () => {
    expect(html`[${null}${undefined}${false}${0}]`.toString()).toBe('[0]');
  });

  it('cannot be forged: SafeHtml is made only by html and raw', () => {
    const forge = SafeHtml as unknown as new (key: symbol, markup: string) => SafeHtml;
    expect(() => new forge(Symbol('barbican.safe-html'), '<script>')).toThrow(TypeError);
    expect(html`${{ toString: () => '<script>' } as unknown as string}`.toString()).not.toContain('<script>');
  });
});
