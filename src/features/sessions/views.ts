/** The default sessions page: each session with an End button, and one to end all the others. */
import type { SessionInfo } from '../../auth/session-manager.js';
import { errorList, hiddenInput, html, layout, type SafeHtml } from '../../views/html.js';
import type { FormPageProps } from '../../views/views.js';

export interface SessionsPageProps extends FormPageProps {
  readonly sessions: readonly SessionInfo[];
  /** Where the End forms post (sessionsRevokeUrl). */
  readonly revokeAction: string;
}

function when(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 16);
}

function row(props: SessionsPageProps, session: SessionInfo): SafeHtml {
  const end = session.current
    ? html`<strong>This browser</strong>`
    : html`<form action="${props.revokeAction}" method="post" name="revoke_session_form">
${hiddenInput('csrf_token', props.csrfToken)}${hiddenInput('id', session.id)}
<button type="submit">End</button>
</form>`;
  return html`<tr data-session-id="${session.id}">
<td>${session.userAgent ?? 'Unknown browser'}</td>
<td>${session.ip ?? 'unknown'}</td>
<td>${when(session.createdAt)}</td>
<td>${when(session.lastSeenAt)}</td>
<td>${end}</td>
</tr>
`;
}

export function sessionsPage(props: SessionsPageProps): string {
  const others = props.sessions.some((session) => !session.current);
  return layout(
    'Your sessions',
    html`<h1>Your sessions</h1>
${errorList(props.errors)}
<table id="sessions">
<thead><tr><th>Browser</th><th>IP address</th><th>Signed in (UTC)</th><th>Last seen (UTC)</th><th></th></tr></thead>
<tbody>
${props.sessions.map((session) => row(props, session))}</tbody>
</table>
${
  others
    ? html`<form action="${props.revokeAction}" method="post" name="revoke_other_sessions_form">
${hiddenInput('csrf_token', props.csrfToken)}${hiddenInput('all_others', 'true')}
<button id="revoke-others" type="submit">End all other sessions</button>
</form>`
    : null
}`,
  );
}
