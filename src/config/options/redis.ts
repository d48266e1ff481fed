/** Redis, the optional shared store of a multi-process deployment. */
import { opt } from '../option-spec.js';

export const REDIS_OPTIONS = {
  redisUrl: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'barbican',
    doc: 'redis:// URL of a Redis server shared by every process (env REDIS_URL too); null keeps all state in the database and process memory.',
  }),
} as const;
