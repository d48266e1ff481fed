/** Two-factor's TOTP service: the one shared service of src/totp (unified sign-in uses it too). */
export { totpServiceOf } from '../../totp/totp-service-of.js';
