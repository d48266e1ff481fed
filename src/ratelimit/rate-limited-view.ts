/** The default HTML page of a 429 (Views.rateLimited): what happened and when to come back. */
import { errorList, html, layout } from '../views/html.js';

export interface RateLimitedPageProps {
  readonly messages: readonly string[];
  readonly retryAfterSeconds: number;
}

function humanWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export function rateLimitedPage(props: RateLimitedPageProps): string {
  return layout(
    'Too Many Requests',
    html`<h1>Too many attempts</h1>
${errorList(props.messages)}
<p>Please try again in ${humanWait(props.retryAfterSeconds)}.</p>`,
  );
}
