import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../config/app-config.service';
import { AuthClock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { Role } from '../../generated/prisma/enums';
import { AuditService } from '../audit/audit.service';
import {
  accountDisabled,
  challengeInvalid,
  invalidCredentials,
  refreshExpired,
  refreshInvalid,
  refreshReused,
  secondFactorInvalid,
  unauthenticated,
} from './auth.errors';
import type { AuthUser } from './auth-user';
import {
  LoginDto,
  LoginResponseDto,
  SecondFactorChallengeDto,
  SessionUserDto,
  TokenPairDto,
} from './dto/login.dto';
import { LockoutService } from './lockout.service';
import { hashPassword, verifyPassword } from './password';
import { PersonCache } from './person-cache';
import { passwordExpired, requiresSecondFactor } from './security-policy';
import { SecurityPolicyService } from './security-policy.service';
import { SecondFactorService } from './second-factor.service';
import { SessionScope, SessionsService } from './sessions.service';
import { personEvent, unknownUserEvent } from './sign-in-events';

/** Claims of an access token. `sub` is the person id, `sid` the session. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  username: string;
  role: Role;
  departmentId: string | null;
}

/** Claims of the challenge between the password and the second factor. */
interface ChallengeClaims {
  sub: string;
  typ: typeof CHALLENGE_TYPE;
}

export const JWT_ALGORITHM = 'HS256';

/** Random bytes in a refresh token (256 bits), sent base64url-encoded. */
const REFRESH_TOKEN_BYTES = 32;
const CHALLENGE_TYPE = 'second-factor';
const CHALLENGE_TTL_SECONDS = 300;
const UUID = /^[0-9a-f-]{36}$/i;

/** Only this digest of a refresh token is stored: a database leak yields no usable token. */
export function refreshTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const signInFacts = {
  id: true,
  username: true,
  displayName: true,
  role: true,
  active: true,
  departmentId: true,
  passwordHash: true,
  passwordChangedAt: true,
  mustChangePassword: true,
  failedLogins: true,
  lockedUntil: true,
  totpEnabledAt: true,
  department: { select: { id: true, name: true } },
} as const;

type SignInPerson = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  passwordChangedAt: Date;
  mustChangePassword: boolean;
  totpEnabledAt: Date | null;
  department: { id: string; name: string } | null;
};

/**
 * Sign-in (password, lockout, second factor), sessions and their tokens: access tokens are
 * short-lived JWTs naming their session; refresh tokens are opaque, stored as SHA-256 and rotated
 * on every use. The session, not the JWT, decides whether a token still counts (logout, idle and
 * absolute limits, disabled accounts). Security times run on the AuthClock (real time).
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
    private readonly clock: AuthClock,
    private readonly policy: SecurityPolicyService,
    private readonly lockout: LockoutService,
    private readonly sessions: SessionsService,
    private readonly secondFactor: SecondFactorService,
    private readonly audit: AuditService,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponseDto | SecondFactorChallengeDto> {
    const person = await this.prisma.person.findUnique({
      where: { username: dto.username },
      select: signInFacts,
    });
    if (!person) {
      await verifyPassword(dto.password, await (this.decoyHash ??= hashPassword('decoy')));
      await this.audit.record(this.prisma, unknownUserEvent(dto.username));
      throw invalidCredentials();
    }
    // While locked the password is not even checked: the answer reveals nothing about it.
    await this.lockout.refuseIfLocked(person);
    if (!(await verifyPassword(dto.password, person.passwordHash))) {
      return this.lockout.fail(person.id, 'bad_password', invalidCredentials);
    }
    if (!person.active) {
      await this.audit.record(
        this.prisma,
        personEvent('auth.login.failed', person.id, { reason: 'disabled' }, null),
      );
      throw accountDisabled();
    }
    await this.lockout.clear(person);
    if (person.totpEnabledAt) {
      const claims: ChallengeClaims = { sub: person.id, typ: CHALLENGE_TYPE };
      return {
        secondFactorRequired: true,
        challengeToken: await this.jwt.signAsync(claims, { expiresIn: CHALLENGE_TTL_SECONDS }),
        expiresIn: CHALLENGE_TTL_SECONDS,
      };
    }
    return this.signIn(person, 'password');
  }

  /** The second step: the challenge from `login` and a TOTP or recovery code. */
  async loginSecondStep(challengeToken: string, code: string): Promise<LoginResponseDto> {
    let claims: ChallengeClaims;
    try {
      claims = await this.jwt.verifyAsync<ChallengeClaims>(challengeToken, {
        algorithms: [JWT_ALGORITHM],
      });
    } catch {
      throw challengeInvalid();
    }
    if (claims.typ !== CHALLENGE_TYPE || typeof claims.sub !== 'string' || !UUID.test(claims.sub)) {
      throw challengeInvalid();
    }
    const person = await this.prisma.person.findUnique({
      where: { id: claims.sub },
      select: signInFacts,
    });
    if (!person || !person.totpEnabledAt) throw challengeInvalid();
    await this.lockout.refuseIfLocked(person);
    if (!person.active) throw accountDisabled();
    if (!(await this.secondFactor.verify(person.id, code))) {
      return this.lockout.fail(person.id, 'bad_second_factor', secondFactorInvalid);
    }
    return this.signIn(person, 'totp');
  }

  /** Opens a session whose scope follows the policy, and issues its tokens. */
  private async signIn(
    person: SignInPerson,
    factor: 'password' | 'totp',
  ): Promise<LoginResponseDto> {
    const policy = await this.policy.get();
    const now = this.clock.now();
    const passwordChangeRequired =
      person.mustChangePassword || passwordExpired(policy, person.passwordChangedAt, now);
    const totpEnrolmentRequired =
      requiresSecondFactor(policy, person.role) && !person.totpEnabledAt;
    const scope: SessionScope = passwordChangeRequired
      ? 'password'
      : totpEnrolmentRequired
        ? 'totp_enrol'
        : 'full';
    const refreshToken = randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
    const session = await this.prisma.$transaction(async (tx) => {
      const created = await this.sessions.create(person.id, scope, tx);
      await tx.refreshToken.create({
        data: {
          personId: person.id,
          sessionId: created.id,
          tokenHash: refreshTokenHash(refreshToken),
          expiresAt: this.refreshExpiry(),
        },
      });
      await this.audit.record(
        tx,
        personEvent('auth.login.succeeded', person.id, { sessionId: created.id, factor, scope }),
      );
      return created;
    });
    return {
      ...(await this.tokenPair(person, session.id, refreshToken)),
      secondFactorRequired: false,
      user: toSessionUser(person, scope),
      passwordChangeRequired,
      totpEnrolmentRequired,
    };
  }

  /**
   * Exchanges a refresh token for a new access token and a new refresh token of the same session.
   * The old one is revoked and points at its successor. Presenting a rotated token again means two
   * parties hold it (theft): the session ends, every refresh token of the person is revoked, and
   * `auth.refresh.reused` is recorded.
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
    if (!row || !row.sessionId) throw refreshInvalid();
    if (row.revokedAt) {
      if (row.replacedBy) await this.reused(row.personId, row.sessionId);
      throw row.replacedBy ? refreshReused() : refreshInvalid();
    }
    if (row.expiresAt <= now) throw refreshExpired();
    if (!row.person.active) throw accountDisabled();
    await this.sessions.checkForRefresh(row.sessionId);

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
          sessionId: row.sessionId,
          tokenHash: refreshTokenHash(next),
          expiresAt: this.refreshExpiry(),
        },
      });
      return true;
    });
    if (!rotated) {
      await this.reused(row.personId, row.sessionId);
      throw refreshReused();
    }
    return this.tokenPair(row.person, row.sessionId, next);
  }

  private async reused(personId: string, sessionId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await this.sessions.end(sessionId, 'refresh_reused', tx);
      const { count } = await tx.refreshToken.updateMany({
        where: { personId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      await this.audit.record(
        tx,
        personEvent('auth.refresh.reused', personId, { sessionId, revoked: count }, null),
      );
    });
    this.logger.warn({ personId, sessionId }, 'rotated refresh token presented again');
  }

  /** Ends the refresh token's session (its access tokens stop working at once). Unknown tokens are ignored. */
  async logout(token: string): Promise<void> {
    const row = await this.prisma.refreshToken.findUnique({
      where: { tokenHash: refreshTokenHash(token) },
      select: { id: true, personId: true, sessionId: true, revokedAt: true },
    });
    if (!row || row.revokedAt) return;
    await this.prisma.$transaction(async (tx) => {
      await tx.refreshToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
      if (row.sessionId && (await this.sessions.end(row.sessionId, 'logout', tx)) > 0) {
        await this.audit.record(
          tx,
          personEvent('auth.logout', row.personId, { sessionId: row.sessionId }),
        );
      }
    });
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.get('REFRESH_TTL_SECONDS') * 1000);
  }

  private async tokenPair(
    person: { id: string; username: string; role: Role; departmentId: string | null },
    sessionId: string,
    refreshToken: string,
  ): Promise<TokenPairDto> {
    const claims: AccessTokenClaims = {
      sub: person.id,
      sid: sessionId,
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
   * account or moving a person to another department takes effect at once, in every process. The
   * session is checked the same way (ended, idle, absolute limit).
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
    if (
      typeof claims.sub !== 'string' ||
      !UUID.test(claims.sub) ||
      typeof claims.sid !== 'string' ||
      !UUID.test(claims.sid)
    ) {
      throw unauthenticated();
    }
    const user = await this.person(claims.sub);
    const session = await this.sessions.check(claims.sid, user.id);
    return { ...user, sessionId: session.id, sessionScope: session.scope };
  }

  private async person(id: string): Promise<AuthUser> {
    const cached = this.people.get(id);
    if (cached) return cached;
    const ticket = this.people.ticket();
    const person = await this.prisma.person.findUnique({
      where: { id },
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
      select: signInFacts,
    });
    if (!person) throw unauthenticated();
    return toSessionUser(person, (user.sessionScope ?? 'full') as SessionScope);
  }
}

function toSessionUser(person: SignInPerson, scope: SessionScope): SessionUserDto {
  return {
    id: person.id,
    username: person.username,
    displayName: person.displayName,
    role: person.role,
    department: person.department
      ? { id: person.department.id, name: person.department.name }
      : null,
    totpEnabled: person.totpEnabledAt !== null,
    sessionScope: scope,
  };
}
