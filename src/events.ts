/** Typed events mirroring Flask-Security's signals; listeners never break a request. */
import type { User } from './datastore/types.js';
import type { RateLimitRule } from './ratelimit/rate-limited-error.js';

export type AuthMechanism = 'session' | 'token' | 'basic';

/** How a sign-in was completed; 'two-factor' is a password sign-in finished by its second factor. */
export type LoginMethod =
  | 'password'
  | 'register'
  | 'confirm'
  | 'reset'
  | 'two-factor'
  /** A WebAuthn key or passkey (/wan-signin), as first or second factor. */
  | 'webauthn'
  /** Unified sign-in by the method that matched, or by the magic link of a code mail. */
  | 'us-password'
  | 'us-email'
  | 'us-sms'
  | 'us-authenticator'
  | 'us-link';

export interface SecurityEvents {
  /** A primary authentication succeeded and a session (or token) was issued. */
  userAuthenticated: { user: User; method: LoginMethod; remember: boolean };
  userLoggedOut: { user: User };
  /** A guard refused an unauthenticated request. */
  userUnauthenticated: { mechanisms: readonly AuthMechanism[]; path: string };
  /** A guard refused an authenticated request for lack of a role or permission. */
  userUnauthorized: { user: User; path: string };
  /** Re-authentication on /verify succeeded. */
  reauthenticated: { user: User };
  /** A stored hash used an old scheme or parameters and was replaced at login. */
  passwordRehashed: { user: User };
  loginFailed: { identity: string; reason: string };
  // Account lifecycle (Flask-Security's user_registered, confirm_instructions_sent, …)
  /** confirmationToken (with confirmable) lets an app that turned sendRegisterEmail off mail the link itself. */
  userRegistered: { user: User; confirmationRequired: boolean; confirmationToken: string | null };
  confirmInstructionsSent: { user: User };
  userConfirmed: { user: User };
  resetPasswordInstructionsSent: { user: User; token: string };
  passwordReset: { user: User };
  passwordChanged: { user: User };
  changeEmailInstructionsSent: { user: User; newEmail: string };
  emailChanged: { user: User; oldEmail: string };
  usernameChanged: { user: User; oldUsername: string | null };
  usernameRecoverySent: { user: User };
  // Two-factor (Flask-Security's tf_code_confirmed, tf_security_token_sent, tf_profile_changed, tf_disabled)
  /** A second-factor code was accepted, at sign-in or to finish a setup. */
  tfCodeConfirmed: { user: User; method: string };
  /** A code was sent by mail (or SMS) for sign-in or setup. */
  tfSecurityTokenSent: { user: User; method: string };
  /** The user's second factor was set up or changed to `method`. */
  tfProfileChanged: { user: User; method: string };
  tfDisabled: { user: User };
  // Recovery codes (Barbican's: Flask-Security has no signal for them)
  /** A new set of `count` recovery codes replaced the user's old set. */
  recoveryCodesGenerated: { user: User; count: number };
  /** A recovery code signed the user in in place of the second factor; `left` codes remain. */
  recoveryCodeUsed: { user: User; left: number };
  // Session management (Barbican's; docs/sessions.md)
  /** `count` sessions of the user ended: by the user at sessionsRevokeUrl, or by app code/CLI. */
  sessionsRevoked: { user: User; count: number; by: 'user' | 'app' };
  // Unified sign-in (Flask-Security's us_security_token_sent)
  /** A sign-in (with its magic link) or re-authentication code was sent by `method`. */
  usSecurityTokenSent: { user: User; method: string; magicLink: boolean };
  /** Methods set up (`delete: false`, one at a time) or removed at /us-setup (us_profile_changed). */
  usProfileChanged: { user: User; methods: readonly string[]; delete: boolean };
  // WebAuthn (Flask-Security's wan_registered, wan_deleted; the regression one is Barbican's)
  /** A credential named `name` was registered for the user. */
  wanRegistered: { user: User; name: string };
  wanDeleted: { user: User; name: string };
  /** A credential's sign count went backwards (a cloned authenticator?): it is refused from now on. */
  webauthnCounterRegressed: { user: User; name: string };
  /** A rate limit refused a secret check or a send (Barbican's; docs/rate-limiting.md). */
  rateLimited: { rule: RateLimitRule; path: string; ip: string | null; retryAfterSeconds: number };
}

export type EventName = keyof SecurityEvents;
type Listener<K extends EventName> = (payload: SecurityEvents[K]) => void | Promise<void>;

export interface EventBus {
  on<K extends EventName>(name: K, listener: Listener<K>): () => void;
  emit<K extends EventName>(name: K, payload: SecurityEvents[K]): void;
}

export function createEventBus(onListenerError: (error: unknown) => void): EventBus {
  const listeners = new Map<EventName, Set<Listener<EventName>>>();
  return {
    on(name, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as Listener<EventName>);
      listeners.set(name, set);
      return () => set.delete(listener as Listener<EventName>);
    },
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) {
        try {
          const result = listener(payload as SecurityEvents[EventName]);
          if (result instanceof Promise) result.catch(onListenerError);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}
