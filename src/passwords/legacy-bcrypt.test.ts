import { hash as bcryptHash } from '@node-rs/bcrypt';
import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './argon2-hasher.js';
import { flaskSecurityHMAC } from './legacy-bcrypt.js';

const FAST = { memoryCost: 256, timeCost: 1, parallelism: 1 } as const;

// From Openwall's crypt_blowfish test vectors: an independent implementation's output.
const OPENWALL_2A = '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW';
const OPENWALL_PASSWORD = 'U*U';

// Computed with Python's hmac/hashlib/base64, as Flask-Security 5.1's get_hmac does.
const FS_SALT = 'legacy-salt-from-flask';
const FS_PASSWORD = 'correct horse ✓';
const FS_HMAC = 'cWDpEnOngiCwV//fGVMVN2rep7I9UFJCBD9AclKp17jvmNE/RGODuIRBe13nBEFPWE+uUGmxRrlU+dDGJiFKdQ==';

describe('plain bcrypt hashes', () => {
  const hasher = createPasswordHasher({ argon2: FAST });

  it('verifies $2a$ hashes from another implementation and asks for a rehash', async () => {
    expect(await hasher.verify(OPENWALL_PASSWORD, OPENWALL_2A)).toEqual({ valid: true, needsRehash: true });
  });

  it('verifies $2b$ and $2y$ hashes', async () => {
    const stored2b = await bcryptHash('hunter22', 4);
    expect(stored2b.startsWith('$2b$')).toBe(true);
    expect(await hasher.verify('hunter22', stored2b)).toEqual({ valid: true, needsRehash: true });
    const stored2y = OPENWALL_2A.replace('$2a$', '$2y$');
    expect(await hasher.verify(OPENWALL_PASSWORD, stored2y)).toEqual({ valid: true, needsRehash: true });
  });

  it('refuses a wrong password without asking for a rehash', async () => {
    expect(await hasher.verify('U*V', OPENWALL_2A)).toEqual({ valid: false, needsRehash: false });
  });
});

describe("Flask-Security 5.1's HMAC-then-bcrypt hashes", () => {
  it('computes the same HMAC as Flask-Security', () => {
    expect(flaskSecurityHMAC(FS_PASSWORD, FS_SALT)).toBe(FS_HMAC);
  });

  it('verifies when the legacy salt is configured, and asks for a rehash', async () => {
    const stored = await bcryptHash(FS_HMAC, 4);
    const hasher = createPasswordHasher({ argon2: FAST, legacyBcryptHmacSalt: FS_SALT });
    expect(await hasher.verify(FS_PASSWORD, stored)).toEqual({ valid: true, needsRehash: true });
    expect(await hasher.verify('correct horse', stored)).toEqual({ valid: false, needsRehash: false });
  });

  it('does not verify without the legacy salt', async () => {
    const stored = await bcryptHash(FS_HMAC, 4);
    const hasher = createPasswordHasher({ argon2: FAST });
    expect(await hasher.verify(FS_PASSWORD, stored)).toEqual({ valid: false, needsRehash: false });
  });

  it('does not verify with a different legacy salt', async () => {
    const stored = await bcryptHash(FS_HMAC, 4);
    const hasher = createPasswordHasher({ argon2: FAST, legacyBcryptHmacSalt: 'another-salt' });
    expect(await hasher.verify(FS_PASSWORD, stored)).toEqual({ valid: false, needsRehash: false });
  });

  it('still verifies plain bcrypt hashes (SECURITY_PASSWORD_SINGLE_HASH) when the salt is configured', async () => {
    const hasher = createPasswordHasher({ argon2: FAST, legacyBcryptHmacSalt: FS_SALT });
    expect(await hasher.verify(OPENWALL_PASSWORD, OPENWALL_2A)).toEqual({ valid: true, needsRehash: true });
  });
});
