/**
 * A datastore whose session methods go to another SessionStore (Redis) while everything else,
 * transactions included, stays with the SQL datastore. A session written inside a transaction is
 * then not part of it: no feature writes one there (sessions start after the sign-in commits).
 */
import type { Datastore, SessionStore, TransactionStore } from '../types.js';

/** Every SessionStore method, checked complete by the compiler. */
const SESSION_METHODS: ReadonlySet<PropertyKey> = new Set(
  Object.keys({
    createSession: true,
    findSessionWithUser: true,
    peekSessionWithUser: true,
    updateSession: true,
    deleteSession: true,
    deleteUserSessions: true,
    purgeExpiredSessions: true,
    listUserSessions: true,
    touchSession: true,
  } satisfies Record<keyof SessionStore, true>),
);

function route<T extends object>(target: T, sessions: SessionStore): T {
  // Bound once per method, not on every access (guarded requests read a few per request).
  // Keyed by the function itself, so a method replaced later (a test's spy) is bound afresh.
  const bound = new WeakMap<object, unknown>();
  return new Proxy(target, {
    get(object, property) {
      if (SESSION_METHODS.has(property)) return Reflect.get(sessions, property);
      if (property === 'transaction') {
        const transaction = Reflect.get(object, property) as Datastore['transaction'];
        return <R>(fn: (store: TransactionStore) => Promise<R>): Promise<R> =>
          transaction.call<T, [(store: TransactionStore) => Promise<R>], Promise<R>>(object, (tx) =>
            fn(route(tx, sessions)),
          );
      }
      const value: unknown = Reflect.get(object, property);
      if (typeof value !== 'function') return value;
      // Bound to the real store: its methods use private fields that a proxy receiver lacks.
      let method = bound.get(value);
      if (method === undefined) {
        method = value.bind(object);
        bound.set(value, method);
      }
      return method;
    },
  });
}

/**
 * @example const datastore = withSessionStore(sqlDatastore, createRedisSessionStore({ … }));
 */
export function withSessionStore(datastore: Datastore, sessions: SessionStore): Datastore {
  return route(datastore, sessions);
}
