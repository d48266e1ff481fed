/** The TOTP service of one Security, built once from totpSecrets and totpIssuer. */
import type { SecurityCore } from '../../core.js';
import { createTOTPService, type TOTPService } from '../../totp/totp-service.js';

const byCore = new WeakMap<SecurityCore, TOTPService>();

/** Null when the authenticator is not configured (start-up checks require both when it is enabled). */
export function totpServiceOf(core: SecurityCore): TOTPService | null {
  const { totpSecrets, totpIssuer } = core.config;
  if (totpSecrets === null || totpIssuer === null) return null;
  let service = byCore.get(core);
  if (!service) {
    service = createTOTPService({ keys: totpSecrets, issuer: totpIssuer, clock: core.clock });
    byCore.set(core, service);
  }
  return service;
}
