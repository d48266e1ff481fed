/** QR codes for the authenticator setup page, rendered server-side so the page needs no script. */
import QRCode from 'qrcode';

/** 'M' recovers from ~15 % damage and keeps a 32-char secret URI at a scannable size. */
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/**
 * The QR code of `text` (an `otpauth://` URI) as a standalone SVG document. Deterministic: the
 * same text always gives the same string.
 *
 * @example
 * const svg = await renderQRCodeSVG(createTOTPKeyURI({ secret, issuer, accountName }));
 */
export async function renderQRCodeSVG(text: string): Promise<string> {
  return QRCode.toString(text, { ...QR_OPTIONS, type: 'svg' });
}

/**
 * The same SVG as a `data:` URL, for an `<img src>` or a JSON client
 * (Flask-Security's `tf_authr_qrcode` is such a URL).
 */
export async function renderQRCodeDataURL(text: string): Promise<string> {
  const svg = await renderQRCodeSVG(text);
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
