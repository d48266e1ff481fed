import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { renderQRCodeDataURL, renderQRCodeSVG } from './qr-code.js';

const uri = 'otpauth://totp/Demo:joe%40example.com?issuer=Demo&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ';

/** Reads back the dark modules qrcode's SVG path draws: `M x y` / `m dx dy` moves, `h n` runs. */
function modulesFromSVG(svg: string): { size: number; dark: Set<string> } {
  const viewBox = /viewBox="0 0 (\d+) \1"/.exec(svg);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg);
  if (!viewBox || !d) throw new Error('not a qrcode SVG');
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, op, a, b] of d[1]!.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (op === 'M') [x, y] = [Number(a), Number(b)];
    else if (op === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else for (let i = 0; i < Number(a); i++, x++) dark.add(`${x},${Math.floor(y)}`);
  }
  return { size: Number(viewBox[1]), dark };
}

describe('QR code rendering', () => {
  it('renders a standalone SVG document with path data', async () => {
    const svg = await renderQRCodeSVG(uri);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/<path [^>]*d="M\d/);
  });

  it('draws exactly the module matrix of the QR symbol encoding the URI, inside a 4-module margin', async () => {
    const drawn = modulesFromSVG(await renderQRCodeSVG(uri));
    const symbol = QRCode.create(uri, { errorCorrectionLevel: 'M' });
    const size = symbol.modules.size;
    expect(drawn.size).toBe(size + 8);
    const expected = new Set<string>();
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) {
        if (symbol.modules.data[row * size + col]) expected.add(`${col + 4},${row + 4}`);
      }
    }
    expect(drawn.dark).toEqual(expected);
  });

  it('is deterministic for the same text and differs for another', async () => {
    expect(await renderQRCodeSVG(uri)).toBe(await renderQRCodeSVG(uri));
    expect(await renderQRCodeSVG(`${uri}X`)).not.toBe(await renderQRCodeSVG(uri));
  });

  it('offers the same SVG as a base64 data: URL for an img src', async () => {
    const url = await renderQRCodeDataURL(uri);
    const prefix = 'data:image/svg+xml;base64,';
    expect(url.startsWith(prefix)).toBe(true);
    expect(Buffer.from(url.slice(prefix.length), 'base64').toString('utf8')).toBe(await renderQRCodeSVG(uri));
  });
});
