/**
 * Barbican's own option for unified sign-in codes: a minimum interval between two codes sent for
 * the same account, method and purpose, until the rate-limit module guards the send-code routes.
 */
import { opt } from '../option-spec.js';

export const UNIFIED_SIGNIN_CODE_OPTIONS = {
  usSendCodeMinInterval: opt<number>({
    kind: 'duration',
    default: 30,
    origin: 'barbican',
    doc: 'Shortest time between two codes sent to one account by one method at /us-signin/send-code or /us-verify/send-code; 0 turns it off.',
  }),
} as const;
