/**
 * Reads a request body once, with a size cap and a deadline, into a flat record of fields. Bad
 * bodies become BadRequestError (400/408/413/415), never a crash: invalid JSON, non-object JSON,
 * invalid UTF-8, NULs, and bodies still incomplete at the deadline (3,000 half-sent bodies once
 * stayed open indefinitely, holding 115 MB).
 */
import { BadRequestError, RequestAbortedError } from '../errors.js';
import { MESSAGES } from '../messages.js';
import { isJsonContentType } from './negotiate.js';

export type BodyFields = Readonly<Record<string, unknown>>;

export interface BodyReadOptions {
  /** Deadline for the whole body, from the first read; default {@link DEFAULT_BODY_READ_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
}

export const DEFAULT_BODY_READ_TIMEOUT_MS = 30_000;
const BODY_TIMEOUT_MESSAGE = 'The request body did not arrive in time.';

/** One read, or a 408 once the deadline has passed (the timer is the caller's). */
function readBefore(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  deadline: Promise<never>,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  return Promise.race([reader.read(), deadline]);
}

async function readCapped(
  request: Request,
  maxBytes: number,
  timeoutMs: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) {
    throw new BadRequestError('PAYLOAD_TOO_LARGE', MESSAGES.PAYLOAD_TOO_LARGE, 413);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new BadRequestError('REQUEST_TIMEOUT', BODY_TIMEOUT_MESSAGE, 408)),
      timeoutMs,
    );
  });
  // The race's loser must not surface as an unhandled rejection.
  deadline.catch(() => {});
  try {
    return await readChunks(reader, maxBytes, deadline);
  } catch (error) {
    // Not awaited: cancelling one branch of a tee'd (cloned) body settles only when both are.
    reader.cancel().catch(() => {});
    // A body stream that fails (not one we refused) means the client's connection broke.
    throw error instanceof BadRequestError ? error : new RequestAbortedError();
  } finally {
    clearTimeout(timer);
  }
}

async function readChunks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
  deadline: Promise<never>,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await readBefore(reader, deadline);
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      throw new BadRequestError('PAYLOAD_TOO_LARGE', MESSAGES.PAYLOAD_TOO_LARGE, 413);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadRequestError('BAD_REQUEST_ENCODING', MESSAGES.BAD_REQUEST_ENCODING);
  }
}

function rejectNul(text: string): void {
  if (text.includes('\u0000'))
    throw new BadRequestError('BAD_REQUEST_NULL_BYTE', MESSAGES.BAD_REQUEST_NULL_BYTE);
}

function parseJsonObject(text: string): BodyFields {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError('BAD_REQUEST_JSON', MESSAGES.BAD_REQUEST_JSON);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequestError('BAD_REQUEST_NOT_OBJECT', MESSAGES.BAD_REQUEST_NOT_OBJECT);
  }
  return value as BodyFields;
}

function parseUrlEncoded(text: string): BodyFields {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (!(key in fields)) fields[key] = value;
  }
  return fields;
}

/** Parses JSON, urlencoded or multipart bodies; an empty body is an empty record. */
export async function readBody(
  request: Request,
  maxBytes: number,
  options: BodyReadOptions = {},
): Promise<BodyFields> {
  const method = request.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') return {};
  const contentType = request.headers.get('content-type');
  const bytes = await readCapped(request, maxBytes, options.timeoutMs ?? DEFAULT_BODY_READ_TIMEOUT_MS);
  if (bytes.byteLength === 0) return {};
  const mime = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (isJsonContentType(contentType)) {
    const text = decodeUtf8(bytes);
    rejectNul(text);
    return parseJsonObject(text);
  }
  if (mime === 'application/x-www-form-urlencoded' || mime === '') {
    const text = decodeUtf8(bytes);
    const fields = parseUrlEncoded(text);
    for (const value of Object.values(fields)) rejectNul(String(value));
    return fields;
  }
  if (mime === 'multipart/form-data') {
    const form = await new Request('http://body.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType ?? '' },
      body: bytes,
    })
      .formData()
      .catch(() => {
        throw new BadRequestError('BAD_REQUEST_CONTENT_TYPE', MESSAGES.BAD_REQUEST_CONTENT_TYPE);
      });
    const fields: Record<string, string> = {};
    for (const [key, value] of form) {
      if (typeof value === 'string' && !(key in fields)) {
        rejectNul(value);
        fields[key] = value;
      }
    }
    return fields;
  }
  throw new BadRequestError('BAD_REQUEST_CONTENT_TYPE', MESSAGES.BAD_REQUEST_CONTENT_TYPE, 415);
}

/** A string field, or undefined when absent; a non-string value is a 400 rather than a coercion. */
export function stringField(fields: BodyFields, name: string): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new BadRequestError('BAD_REQUEST_FIELD_TYPE', `${name}: ${MESSAGES.BAD_REQUEST_FIELD_TYPE}`);
  return value;
}

/** A boolean field; HTML checkboxes send "y"/"on"/"true". */
export function booleanField(fields: BodyFields, name: string): boolean | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return ['y', 'yes', 'on', 'true', '1'].includes(value.toLowerCase());
  throw new BadRequestError('BAD_REQUEST_FIELD_TYPE', `${name}: ${MESSAGES.BAD_REQUEST_FIELD_TYPE}`);
}
