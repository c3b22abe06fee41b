import { brokenPasswordRule, characterClasses } from './password-rules';
import { STRICT_POLICY } from './security-policy';

describe('password rules', () => {
  const check = (password: string, username = 'zhang.san') =>
    brokenPasswordRule(STRICT_POLICY, password, username);

  it('counts the four character classes', () => {
    expect(characterClasses('abc')).toBe(1);
    expect(characterClasses('abcDEF')).toBe(2);
    expect(characterClasses('abcDEF12')).toBe(3);
    expect(characterClasses('aB1!')).toBe(4);
    expect(characterClasses('密码Ab')).toBe(3); // Han characters count as symbols
  });

  it('refuses the passwords the 等保 probe got accepted', () => {
    expect(check('12345678')).toEqual({ rule: 'classes', min: 3 });
    expect(check('        ')).toEqual({ rule: 'blank' });
    expect(check('Zhang.San-2026')).toEqual({ rule: 'username' });
    expect(check('Ab1!')).toEqual({ rule: 'length', min: 8 });
  });

  it('accepts a password of three classes and enough length', () => {
    expect(check('test-password-1')).toBeNull();
    expect(check('Correct7Horse')).toBeNull();
  });

  it('follows the settings', () => {
    const loose = { ...STRICT_POLICY, passwordMinClasses: 1, passwordForbidUsername: false };
    expect(brokenPasswordRule(loose, 'zhang.san.long', 'zhang.san')).toBeNull();
    expect(brokenPasswordRule({ ...loose, passwordMinLength: 20 }, 'short-one', 'x')).toEqual({
      rule: 'length',
      min: 20,
    });
  });
});
