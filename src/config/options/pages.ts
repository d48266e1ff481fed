/** Options of Barbican's default pages that no single feature owns. */
import { opt } from '../option-spec.js';

export const PAGES_OPTIONS = {
  scriptNonceKey: opt<string | null>({
    kind: 'string',
    default: null,
    nullable: true,
    origin: 'flask-security',
    doc: "Request value (Hono c.get, Express res.locals) holding the CSP nonce for default pages' scripts.",
  }),
} as const;
