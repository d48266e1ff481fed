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
      // Bound to the real store: its methods use private fields that a proxy receiver lacks.
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

/**
 * @example const datastore = withSessionStore(sqlDatastore, createRedisSessionStore({ … }));
 */
export function withSessionStore(datastore: Datastore, sessions: SessionStore): Datastore {
  return route(datastore, sessions);
}
