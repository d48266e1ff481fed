/**
 * The TOTP service of one Security, built once from totpSecrets and totpIssuer and shared by every
 * feature that checks authenticator codes (two-factor, unified sign-in), so none keeps its own.
 */
import type { SecurityCore } from '../core.js';
import { createTOTPService, type TOTPService } from './totp-service.js';

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
