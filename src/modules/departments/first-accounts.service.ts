import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Role } from '../../generated/prisma/enums';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/password';
import { firstAccountsExist, invalidUsername, sameUsernameTwice } from './departments.errors';
import { PRIVILEGED_ROLES } from './role-separation';

export interface FirstAccount {
  role: Role;
  username: string;
  displayName: string;
}

export interface CreatedFirstAccount extends FirstAccount {
  id: string;
  /** Shown once, at the terminal; only its hash is stored. */
  password: string;
}

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SYMBOLS = '!#%+-=?@^_~';
const ALL = UPPER + LOWER + DIGITS + SYMBOLS;

/**
 * A one-time password: `length` characters from a CSPRNG with every character class present (the
 * password rules of 等保2.0 三级), without look-alikes (0/O, 1/l/I).
 */
export function oneTimePassword(length = 20): string {
  const pick = (set: string) => set[randomInt(set.length)]!;
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(ALL));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** Serialises installers: two `accounts:init` at once cannot both find the table empty. */
const INSTALL_LOCK = 72707371;

/**
 * The first account of each privileged role (三员分立), created at installation from the CLI: three
 * different people, in one transaction, refused once any privileged account exists (after that,
 * roles are granted by the security administrator).
 */
@Injectable()
export class FirstAccountsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly audit: AuditService,
  ) {}

  async create(accounts: readonly FirstAccount[]): Promise<CreatedFirstAccount[]> {
    const seen = new Set<string>();
    for (const a of accounts) {
      if (!/^[A-Za-z0-9._@-]{2,64}$/.test(a.username)) throw invalidUsername();
      const key = a.username.toLowerCase();
      if (seen.has(key)) throw sameUsernameTwice(a.username);
      seen.add(key);
    }
    const withPasswords = await Promise.all(
      accounts.map(async (a) => {
        const password = oneTimePassword();
        return { ...a, password, passwordHash: await hashPassword(password) };
      }),
    );
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${INSTALL_LOCK})`;
      const existing = await tx.person.findMany({
        where: {
          OR: [
            { role: { in: [...PRIVILEGED_ROLES] } },
            { username: { in: accounts.map((a) => a.username), mode: 'insensitive' } },
          ],
        },
        select: { username: true, role: true },
      });
      if (existing.length > 0) throw firstAccountsExist(existing);
      const created: CreatedFirstAccount[] = [];
      for (const a of withPasswords) {
        const person = await tx.person.create({
          data: {
            username: a.username,
            displayName: a.displayName,
            role: a.role,
            passwordHash: a.passwordHash,
          },
          select: { id: true },
        });
        await this.audit.record(tx, {
          actorId: null,
          action: 'person.created',
          entityType: 'person',
          entityId: person.id,
          data: { username: a.username, role: a.role, via: 'accounts:init' },
        });
        created.push({
          id: person.id,
          role: a.role,
          username: a.username,
          displayName: a.displayName,
          password: a.password,
        });
      }
      return created;
    });
  }
}
