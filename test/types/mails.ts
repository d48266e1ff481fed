/** Type-level checks of replaceable mails (compiled by the typecheck, never run). */
import {
  createSecurity,
  type Datastore,
  type Mails,
  type ResetInstructionsMailProps,
} from '../../src/index.js';

declare const datastore: Datastore;
const config = { secretKey: 'mails-secret-0123456789abcdefghijklmno', externalUrl: 'https://example.com' };

// A mail's props are typed from the public entry: inferred, not `any`.
createSecurity({
  datastore,
  config,
  mails: {
    resetInstructions: (props) => ({
      subject: 'Reset',
      text: `${props.url} ${props.within}`,
      html: props.email,
    }),
    welcome: ({ user, confirmation }) => ({ subject: user.email, text: confirmation?.url ?? '', html: '' }),
  },
});

const blank = { subject: '', text: '', html: '' };
// @ts-expect-error a mail that does not exist
createSecurity({ datastore, config, mails: { resetInstruction: () => blank } });
// @ts-expect-error props are typed: the reset link's props have no `user`
createSecurity({ datastore, config, mails: { resetInstructions: (props) => props.user } });
// @ts-expect-error a mail returns its subject, text and HTML
createSecurity({ datastore, config, mails: { resetNotice: () => ({ subject: 'Reset' }) } });

export const reset: Mails['resetInstructions'] = (props: ResetInstructionsMailProps) => ({
  subject: props.email,
  text: props.url,
  html: props.within,
});
