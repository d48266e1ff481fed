/** The option of /tf-select: a pending sign-in whose user has more than one second factor chooses one. */
import { opt } from '../option-spec.js';

export const TWO_FACTOR_SELECT_OPTIONS = {
  twoFactorSelectUrl: opt<string>({
    kind: 'string',
    default: '/tf-select',
    origin: 'flask-security',
    doc: 'Endpoint where a user with several second factors (a code method, WebAuthn keys) chooses one.',
  }),
} as const;
