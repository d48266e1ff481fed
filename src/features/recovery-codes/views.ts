/** Default pages of recovery codes: generating a set (shown once), and using a code. */
import { errorList, hiddenInput, html, layout } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface RecoveryCodesPageProps extends FormPageProps {
  /** The new set, shown this once; null on GET (stored codes cannot be read back). */
  readonly codes: readonly string[] | null;
  readonly unused: number;
}

export function recoveryCodesPage(props: RecoveryCodesPageProps): string {
  const list = props.codes
    ? html`<p>Write these down now: they are shown only once, and each works once.</p>
<ul id="recovery-codes">${props.codes.map((code) => html`<li><code>${code}</code></li>`)}</ul>`
    : html`<p>Unused recovery codes: ${props.unused}</p>`;
  return layout(
    'Recovery codes',
    html`<h1>Recovery codes</h1>
${errorList(props.errors)}
${list}
<form action="${props.action}" method="post" name="mf_recovery_codes_form">
${hiddenInput('csrf_token', props.csrfToken)}
<button id="submit" type="submit">Generate New Recovery Codes</button>
</form>`,
  );
}

export type RecoveryPageProps = FormPageProps;

export function recoveryPage(props: RecoveryPageProps): string {
  return layout(
    'Use a recovery code',
    html`<h1>Use a recovery code</h1>
${errorList(props.errors)}
<form action="${props.action}" method="post" name="mf_recovery_form">
${hiddenInput('csrf_token', props.csrfToken)}
<label for="code">Recovery code</label>
<input id="code" name="code" type="text" autocomplete="off" required>
<button id="submit" type="submit">Submit</button>
</form>`,
  );
}
