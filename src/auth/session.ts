/**
 * The session mechanism: an opaque random id in a signed HttpOnly cookie; the server-side record
 * (only the id's SHA-256 is stored) holds the user's fs_uniquifier, the authentication time and a
 * CSRF secret. Anonymous visitors get no database row: their CSRF secret rides in the signed cookie.
 * A third kind, `p:<id>`, points at a pending second-factor sign-in (src/auth/pending-login.ts):
 * it carries the visitor's CSRF secret but is never a signed-in user.
 */
import type { RequestState } from '../context.js';
import type { SecurityCore } from '../core.js';
import { randomToken, sha256Hex } from '../crypto/random.js';
import { sign, unsign } from '../crypto/signer.js';
import { memoPerKey } from '../crypto/verified-memo.js';
import { browserSaysCrossOrigin, isCrossSiteWrite } from '../csrf/origin-check.js';
import type { PendingLoginRecord, SessionRecord, User } from '../datastore/types.js';
import { BadRequestError } from '../errors.js';
import {
  type CookieOptions,
  deleteCookie,
  parseCookies,
  readCookie,
  serializeCookie,
} from '../http/cookies.js';
import { MESSAGES } from '../messages.js';
import type { SessionWithUser } from './session-cache.js';
import { sessionOrigin } from './session-sighting.js';

export type SessionState =
  | { readonly kind: 'none' }
  | { readonly kind: 'anonymous'; readonly csrfSecret: string }
  | { readonly kind: 'user'; readonly sessionId: string; record: SessionRecord; readonly user: User }
  /** A correct first factor waiting for its second: not signed in, whatever a guard asks. */
  | {
      readonly kind: 'pending';
      readonly pendingId: string;
      readonly csrfSecret: string;
      readonly record: PendingLoginRecord;
      readonly user: User;
    };

function cookieOptions(state: RequestState): CookieOptions {
  const c = state.core.config;
  return {
    path: c.sessionCookiePath,
    domain: c.sessionCookieDomain,
    httpOnly: true,
    secure: c.sessionCookieSecure,
    sameSite: c.sessionCookieSamesite as CookieOptions['sameSite'],
  };
}

/** Reads and verifies the session cookie once per request (HMAC check before any lookup). */
export async function loadSession(state: RequestState): Promise<SessionState> {
  if (state.session) return state.session;
  state.session = await readSessionCookie(state);
  return state.session;
}

/** A signed-in (`s`) or pending (`p`) session cookie, with the stored hash of its id. */
interface ServerSessionCookie {
  readonly kind: 's' | 'p';
  readonly id: string;
  readonly idHash: string;
}

/**
 * Per signing key: session cookies whose signature already checked. Only `s` and `p` cookies are
 * kept, which nobody gets without a correct password, so anonymous visitors cannot crowd them out.
 */
const verifiedSessionCookies = memoPerKey<ServerSessionCookie>();

function serverSessionCookie(key: Buffer, raw: string): ServerSessionCookie | undefined {
  return verifiedSessionCookies(key).get(raw);
}

/**
 * The session when it is known without waiting: none (no session cookie at all), or a cookie
 * checked before whose session the datastore's never-stale cache holds (peekSessionWithUser).
 * Undefined whenever only loadSession can tell, anonymous and pending visitors included: this is
 * the guards' fast path for the common request, and it must answer exactly what loadSession would.
 */
export function loadSessionNow(state: RequestState): SessionState | undefined {
  if (state.session)
    return state.session.kind === 'user' || state.session.kind === 'none' ? state.session : undefined;
  const { core } = state;
  const raw = readCookie(state.header('cookie'), core.config.sessionCookieName);
  if (!raw) {
    state.session = NO_SESSION;
    return state.session;
  }
  const { datastore } = core;
  if (!datastore.peekSessionWithUser) return undefined;
  const cookie = serverSessionCookie(core.keys['session-cookie'], raw);
  if (cookie?.kind !== 's') return undefined;
  const found = datastore.peekSessionWithUser(cookie.idHash, core.clock.nowMs());
  if (!found?.user.active) return undefined;
  state.session = signedIn(core, cookie, found);
  return state.session;
}

function signedIn(core: SecurityCore, cookie: ServerSessionCookie, found: SessionWithUser): SessionState {
  core.sessions.sawSession(found.session);
  return { kind: 'user', sessionId: cookie.id, record: found.session, user: found.user };
}

const NO_SESSION: SessionState = Object.freeze({ kind: 'none' });

async function readSessionCookie(state: RequestState): Promise<SessionState> {
  const { core } = state;
  const raw = readCookie(state.header('cookie'), core.config.sessionCookieName);
  if (!raw) return NO_SESSION;
  const key = core.keys['session-cookie'];
  let cookie = serverSessionCookie(key, raw);
  if (!cookie) {
    const payload = unsign(key, raw);
    if (!payload) return { kind: 'none' };
    const [kind, value] = payload.split(':', 2);
    if (!value) return { kind: 'none' };
    if (kind === 'a') return { kind: 'anonymous', csrfSecret: value };
    if (kind !== 's' && kind !== 'p') return { kind: 'none' };
    cookie = { kind, id: value, idHash: sha256Hex(value) };
    verifiedSessionCookies(key).set(raw, cookie);
  }
  if (cookie.kind === 'p') return readPendingLogin(state, cookie.id, cookie.idHash);
  const found = await core.datastore.findSessionWithUser(cookie.idHash, core.clock.nowMs());
  if (!found?.user.active) return { kind: 'none' };
  return signedIn(core, cookie, found);
}

async function readPendingLogin(
  state: RequestState,
  pendingId: string,
  idHash: string,
): Promise<SessionState> {
  const { core } = state;
  const found = await core.datastore.findPendingLogin(idHash, core.clock.nowMs());
  if (!found?.user.active) return { kind: 'none' };
  const { pending, user } = found;
  return { kind: 'pending', pendingId, csrfSecret: pending.csrfSecret, record: pending, user };
}

function carriesSessionCookie(state: RequestState): boolean {
  return parseCookies(state.header('cookie')).has(state.core.config.sessionCookieName);
}

/**
 * A browser withholds a SameSite=Lax cookie from cross-site requests but still stores cookies set by
 * the answer: writing the session cookie then would silently replace (sign out) the real one.
 */
function mayWriteSessionCookie(state: RequestState): boolean {
  return carriesSessionCookie(state) || !browserSaysCrossOrigin(state);
}

/** The CSRF secret of this visitor, creating an anonymous one (and its cookie) when there is none. */
export async function sessionCsrfSecret(state: RequestState): Promise<string> {
  const session = await loadSession(state);
  if (session.kind === 'user') return session.record.csrfSecret;
  if (session.kind === 'anonymous' || session.kind === 'pending') return session.csrfSecret;
  const csrfSecret = randomToken();
  // A cross-site caller without our cookie gets a token bound to a secret nobody keeps: useless, harmless.
  if (!mayWriteSessionCookie(state)) return csrfSecret;
  state.session = { kind: 'anonymous', csrfSecret };
  state.setCookies.push(
    serializeCookie(
      state.core.config.sessionCookieName,
      sign(state.core.keys['session-cookie'], `a:${csrfSecret}`),
      cookieOptions(state),
    ),
  );
  return csrfSecret;
}

/**
 * Signs the user in on a brand-new session id (no fixation): any previous session record of this
 * client is destroyed first.
 */
export async function startSession(
  state: RequestState,
  user: User,
  options: { remember: boolean; authenticatedAt: number },
): Promise<SessionRecord> {
  const { core } = state;
  // Login CSRF backstop: every endpoint already refuses cross-site writes; no future one may sign in.
  if (isCrossSiteWrite(state)) throw new BadRequestError('CSRF_CROSS_ORIGIN', MESSAGES.CSRF_CROSS_ORIGIN);
  const previous = await loadSession(state);
  await dropServerState(state, previous);
  const now = core.clock.nowMs();
  const lifetimeSeconds = options.remember
    ? core.config.rememberCookieDuration
    : core.config.permanentSessionLifetime;
  const sessionId = randomToken();
  const record: SessionRecord = {
    idHash: sha256Hex(sessionId),
    fsUniquifier: user.fsUniquifier,
    authenticatedAt: options.authenticatedAt,
    // The visitor's CSRF secret carries over, as in Flask-Security: the seed's SPA flow fetches a
    // token once (GET /login) and sends it on every later mutating request, across the login.
    csrfSecret:
      previous.kind === 'user'
        ? previous.record.csrfSecret
        : previous.kind === 'none'
          ? randomToken()
          : previous.csrfSecret,
    remember: options.remember,
    createdAt: now,
    expiresAt: now + lifetimeSeconds * 1000,
    data: {},
    ...sessionOrigin(state),
  };
  await core.datastore.createSession(record);
  const base = cookieOptions(state);
  const cookie = serializeCookie(
    core.config.sessionCookieName,
    sign(core.keys['session-cookie'], `s:${sessionId}`),
    // A remembered session survives the browser closing; otherwise a browser-session cookie.
    options.remember ? { ...base, maxAgeInSeconds: lifetimeSeconds } : base,
  );
  replaceSessionCookie(state, cookie);
  state.session = { kind: 'user', sessionId, record, user };
  return record;
}

/** Destroys the server-side record, so a cookie captured before logout never works after it. */
export async function endSession(state: RequestState): Promise<void> {
  await dropServerState(state, await loadSession(state));
  state.session = { kind: 'none' };
  // Only a request that carried the cookie clears it (see mayWriteSessionCookie).
  if (carriesSessionCookie(state)) {
    replaceSessionCookie(state, deleteCookie(state.core.config.sessionCookieName, cookieOptions(state)));
  }
}

/** Deletes the row behind a session or a pending second-factor sign-in, so its cookie is dead. */
async function dropServerState(state: RequestState, session: SessionState): Promise<void> {
  const { datastore } = state.core;
  if (session.kind === 'user') await datastore.deleteSession(sha256Hex(session.sessionId));
  if (session.kind === 'pending') await datastore.deletePendingLogin(sha256Hex(session.pendingId));
}

/**
 * Points this browser's session cookie at a pending second-factor sign-in (`p:<id>`): a
 * browser-session cookie, replacing whatever the cookie held. Only pending-login.ts calls this.
 */
export function setPendingLoginCookie(state: RequestState, pendingId: string): void {
  const { core } = state;
  const value = sign(core.keys['session-cookie'], `p:${pendingId}`);
  replaceSessionCookie(state, serializeCookie(core.config.sessionCookieName, value, cookieOptions(state)));
}

/** Persists a change of the session's authentication time or feature data. */
export async function updateSession(
  state: RequestState,
  patch: { authenticatedAt?: number; data?: Record<string, unknown> },
): Promise<void> {
  const session = await loadSession(state);
  if (session.kind !== 'user') return;
  await state.core.datastore.updateSession(session.record.idHash, patch);
  session.record = { ...session.record, ...patch };
}

function replaceSessionCookie(state: RequestState, cookie: string): void {
  const prefix = `${state.core.config.sessionCookieName}=`;
  const kept = state.setCookies.filter((c) => !c.startsWith(prefix));
  state.setCookies.length = 0;
  state.setCookies.push(...kept, cookie);
}
