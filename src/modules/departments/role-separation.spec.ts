import { Role } from '../../generated/prisma/enums';
import { oneTimePassword } from './first-accounts.service';
import { NON_PRIVILEGED_ROLES, mayCreateAccount, PRIVILEGED_ROLES } from './role-separation';

describe('三员分立: who may create which account', () => {
  it('an administrator creates the business roles only', () => {
    for (const role of Object.values(Role)) {
      expect({ role, ok: mayCreateAccount(Role.ADMIN, role) }).toEqual({
        role,
        ok: NON_PRIVILEGED_ROLES.includes(role),
      });
    }
    for (const role of PRIVILEGED_ROLES) expect(mayCreateAccount(Role.ADMIN, role)).toBe(false);
  });

  it('no other role creates accounts through the API', () => {
    for (const creator of Object.values(Role).filter((r) => r !== Role.ADMIN)) {
      for (const role of Object.values(Role)) expect(mayCreateAccount(creator, role)).toBe(false);
    }
  });

  it('every role is either privileged or a business role, never both', () => {
    expect([...PRIVILEGED_ROLES, ...NON_PRIVILEGED_ROLES].sort()).toEqual(
      Object.values(Role).sort(),
    );
  });
});

describe('oneTimePassword', () => {
  it('has 20 characters of every class, no look-alikes, and differs each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = oneTimePassword();
      expect(p).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)(?=.*[^A-Za-z\d]).{20}$/);
      expect(p).not.toMatch(/[0O1lI]/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
