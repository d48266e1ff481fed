/** HMAC-SHA256 signing of short strings; synchronous on purpose (no thread-pool hop per request). */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function hmacBase64Url(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}

/** `payload.signature`; the payload must not contain '.' after its last segment is taken as signature. */
export function sign(key: Buffer, payload: string): string {
  return `${payload}.${hmacBase64Url(key, payload)}`;
}

/** Returns the payload when the signature is right (constant-time compare), else null. */
export function unsign(key: Buffer, value: string): string | null {
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const payload = value.slice(0, dot);
  return safeEqual(value.slice(dot + 1), hmacBase64Url(key, payload)) ? payload : null;
}

/** Constant-time string comparison; unequal lengths are compared against themselves to keep time flat. */
export function safeEqual(a: string, b: string): boolean {
  const bufA = Buffer.from(a);
  const bufB = Buffer.from(b);
  if (bufA.length !== bufB.length) {
    timingSafeEqual(bufB, bufB);
    return false;
  }
  return timingSafeEqual(bufA, bufB);
}
