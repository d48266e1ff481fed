/** Where the reset endpoint lives under urlPrefix: mails, form actions and redirects use it. */
import type { SecurityCore } from '../../core.js';

export function resetPath(core: SecurityCore): string {
  return `${core.config.urlPrefix.replace(/\/+$/, '')}${core.config.resetUrl}`;
}
