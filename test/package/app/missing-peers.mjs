// pg and nodemailer are not installed in this app: the root entry loads, and using them says which package is missing.
import { MissingPeerDependencyError } from 'barbican';
import { createPostgresDatastore } from 'barbican/postgres';
import { createSmtpMailer } from 'barbican/smtp';

const outcomes = {};
try {
  await createPostgresDatastore({ connectionString: 'postgres://127.0.0.1:1/none' });
} catch (error) {
  outcomes.pg = {
    missing: error instanceof MissingPeerDependencyError,
    package: error.packageName,
    message: error.message,
  };
}
try {
  await createSmtpMailer({ url: 'smtp://127.0.0.1:1' }).send({
    from: 'a@example.com',
    to: 'b@example.com',
    subject: 's',
    text: 't',
  });
} catch (error) {
  outcomes.nodemailer = { missing: error instanceof MissingPeerDependencyError, package: error.packageName };
}
console.log(JSON.stringify(outcomes));
