import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the password it hashed', async () => {
    const stored = await hashPassword('正确的密码 correct horse');
    await expect(verifyPassword('正确的密码 correct horse', stored)).resolves.toBe(true);
  });

  it('rejects a wrong password', async () => {
    const stored = await hashPassword('s3cret-password');
    await expect(verifyPassword('s3cret-passwore', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('encodes scheme, parameters, salt and hash, with a fresh salt each time', async () => {
    const a = await hashPassword('same');
    const b = await hashPassword('same');
    expect(a).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    const [scheme, n, r, p, salt, key] = a.split('$');
    expect(scheme).toBe('scrypt');
    expect(Number(n)).toBeGreaterThanOrEqual(16384);
    expect(Number(r)).toBe(8);
    expect(Number(p)).toBe(1);
    expect(Buffer.from(salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('honours the parameters stored with the hash', async () => {
    // A hash written with other (cheaper) parameters still verifies: cost can change over time.
    const stored = await hashPassword('pw');
    const [, , r, p, salt] = stored.split('$');
    const { scryptSync } = await import('node:crypto');
    const key = scryptSync('pw', Buffer.from(salt, 'base64'), 32, {
      N: 1024,
      r: Number(r),
      p: Number(p),
    });
    const cheap = ['scrypt', 1024, r, p, salt, key.toString('base64')].join('$');
    await expect(verifyPassword('pw', cheap)).resolves.toBe(true);
    await expect(verifyPassword('px', cheap)).resolves.toBe(false);
  });

  it.each([
    '',
    'plain-text-password',
    'bcrypt$2b$10$abc',
    'scrypt$16384$8$1$c2FsdA==',
    'scrypt$16385$8$1$c2FsdA==$a2V5',
    'scrypt$4194304$8$1$c2FsdA==$a2V5',
    'scrypt$16384$x$1$c2FsdA==$a2V5',
    'scrypt$16384$8$1$$a2V5',
  ])('treats a malformed stored hash %p as a mismatch', async (stored) => {
    await expect(verifyPassword('anything', stored)).resolves.toBe(false);
  });
});
