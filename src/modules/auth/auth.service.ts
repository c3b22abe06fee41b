import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../config/app-config.service';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { Role } from '../../generated/prisma/enums';
import {
  accountDisabled,
  invalidCredentials,
  refreshExpired,
  refreshInvalid,
  refreshReused,
  unauthenticated,
} from './auth.errors';
import type { AuthUser } from './auth-user';
import { LoginDto, LoginResponseDto, SessionUserDto, TokenPairDto } from './dto/login.dto';
import { hashPassword, verifyPassword } from './password';
import { PersonCache } from './person-cache';

/** Claims of an access token. `sub` is the person id. */
export interface AccessTokenClaims {
  sub: string;
  username: string;
  role: Role;
  departmentId: string | null;
}

export const JWT_ALGORITHM = 'HS256';

/** Random bytes in a refresh token (256 bits), sent base64url-encoded. */
const REFRESH_TOKEN_BYTES = 32;

/** Only this digest of a refresh token is stored: a database leak yields no usable token. */
export function refreshTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const personWithDepartment = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  active: true,
  departmentId: true,
  passwordHash: true,
  department: { select: { id: true, name: true } },
} as const;

/**
 * Login, access tokens (short-lived JWTs) and refresh tokens (opaque, stored as SHA-256, rotated on
 * every use). Token lifetimes run on real time, not the application clock: the demo's accelerated
 * clock must not expire sessions faster.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  /** Compared against when the username is unknown, so both failures take the same time. */
  private decoyHash?: Promise<string>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly people: PersonCache,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    const person = await this.prisma.person.findUnique({
      where: { username: dto.username },
      select: personWithDepartment,
    });
    const stored = person?.passwordHash ?? (await (this.decoyHash ??= hashPassword('decoy')));
    const ok = await verifyPassword(dto.password, stored);
    if (!person || !ok) throw invalidCredentials();
    if (!person.active) throw accountDisabled();

    const refreshToken = randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
    await this.prisma.refreshToken.create({
      data: {
        personId: person.id,
        tokenHash: refreshTokenHash(refreshToken),
        expiresAt: this.refreshExpiry(),
      },
    });
    return { ...(await this.tokenPair(person, refreshToken)), user: toSessionUser(person) };
  }

  /**
   * Exchanges a refresh token for a new access token and a new refresh token. The old one is
   * revoked and points at its successor. Presenting a rotated token again means two parties hold
   * it (theft): every refresh token of the person is revoked and the caller must log in again.
   */
  async refresh(token: string): Promise<TokenPairDto> {
    const now = new Date();
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: refreshTokenHash(token) },
      include: {
        person: {
          select: { id: true, username: true, role: true, departmentId: true, active: true },
        },
      },
    });
    if (!row) throw refreshInvalid();
    if (row.revokedAt) {
      if (row.replacedBy) await this.revokeAllOf(row.personId, 'reuse of a rotated refresh token');
      throw row.replacedBy ? refreshReused() : refreshInvalid();
    }
    if (row.expiresAt <= now) throw refreshExpired();
    if (!row.person.active) throw accountDisabled();

    const next = randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
    const nextId = randomUUID();
    const rotated = await this.prisma.$transaction(async (tx) => {
      // Conditional: of two concurrent uses of one token, exactly one rotates it.
      const { count } = await tx.refreshToken.updateMany({
        where: { id: row.id, revokedAt: null },
        data: { revokedAt: now, replacedBy: nextId },
      });
      if (count === 0) return false;
      await tx.refreshToken.create({
        data: {
          id: nextId,
          personId: row.personId,
          tokenHash: refreshTokenHash(next),
          expiresAt: this.refreshExpiry(),
        },
      });
      return true;
    });
    if (!rotated) {
      await this.revokeAllOf(row.personId, 'concurrent reuse of a refresh token');
      throw refreshReused();
    }
    return this.tokenPair(row.person, next);
  }

  /** Revokes the refresh token (logout). Unknown or already revoked tokens are ignored. */
  async logout(token: string): Promise<void> {
    await this.prisma.refreshToken.updateMany({
      where: { tokenHash: refreshTokenHash(token), revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }

  /** Revokes every live refresh token of the person (token theft, account disabled). */
  async revokeAllOf(personId: string, reason: string): Promise<number> {
    const { count } = await this.prisma.refreshToken.updateMany({
      where: { personId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    this.logger.warn({ personId, revoked: count, reason }, 'refresh tokens revoked');
    return count;
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.get('REFRESH_TTL_SECONDS') * 1000);
  }

  private async tokenPair(
    person: { id: string; username: string; role: Role; departmentId: string | null },
    refreshToken: string,
  ): Promise<TokenPairDto> {
    const claims: AccessTokenClaims = {
      sub: person.id,
      username: person.username,
      role: person.role,
      departmentId: person.departmentId,
    };
    return {
      accessToken: await this.jwt.signAsync(claims),
      tokenType: 'Bearer',
      expiresIn: this.config.get('JWT_TTL_SECONDS'),
      refreshToken,
      refreshExpiresIn: this.config.get('REFRESH_TTL_SECONDS'),
    };
  }

  /**
   * Resolves a bearer token to the caller. The person is read from the database, or from the
   * PersonCache, which forgets a person as soon as the database notifies a change: disabling an
   * account or moving a person to another department takes effect at once, in every process.
   */
  async authenticate(token: string): Promise<AuthUser> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        algorithms: [JWT_ALGORITHM],
      });
    } catch {
      throw unauthenticated();
    }
    if (typeof claims.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(claims.sub)) {
      throw unauthenticated();
    }
    const cached = this.people.get(claims.sub);
    if (cached) return cached;
    const ticket = this.people.ticket();
    const person = await this.prisma.person.findUnique({
      where: { id: claims.sub },
      select: { id: true, username: true, role: true, departmentId: true, active: true },
    });
    if (!person) throw unauthenticated();
    if (!person.active) throw accountDisabled();
    const user: AuthUser = {
      id: person.id,
      username: person.username,
      role: person.role,
      departmentId: person.departmentId,
    };
    this.people.put(ticket, user);
    return user;
  }

  async me(user: AuthUser): Promise<SessionUserDto> {
    const person = await this.prisma.person.findUnique({
      where: { id: user.id },
      select: personWithDepartment,
    });
    if (!person) throw unauthenticated();
    return toSessionUser(person);
  }
}

function toSessionUser(person: {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  department: { id: string; name: string } | null;
}): SessionUserDto {
  return {
    id: person.id,
    username: person.username,
    displayName: person.displayName,
    role: person.role,
    department: person.department
      ? { id: person.department.id, name: person.department.name }
      : null,
  };
}
