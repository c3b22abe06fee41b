import { Injectable } from '@nestjs/common';
import { AuthClock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { currentRequestContext } from '../audit/request-context';
import { touchSession } from './accounts.sql';
import { sessionEnded, sessionExpired, unauthenticated } from './auth.errors';
import { CachedSession, PersonCache } from './person-cache';
import { sessionLimit } from './security-policy';
import { SecurityPolicyService } from './security-policy.service';

/** What a session's token may do: everything, or only change the password / enrol a second factor. */
export type SessionScope = 'full' | 'password' | 'totp_enrol';

/** `last_seen_at` is written at most this often per session and process. */
const TOUCH_EVERY_MS = 60_000;

/** Why a session ended (auth_session.end_reason). */
export type EndReason =
  | 'logout'
  | 'idle'
  | 'absolute'
  | 'disabled'
  | 'password_changed'
  | 'password_reset'
  | 'refresh_reused'
  | 'role_changed'
  | 'totp_reset';

/**
 * Server-side sessions: every access token names one (`sid`), every refresh token belongs to one.
 * The guard checks the session on each request from the PersonCache's session cache (no database
 * round trip), writes `last_seen_at` at most once a minute, and ends a session past the policy's
 * idle or absolute limit. An ended session is forgotten by every process at once (NOTIFY).
 */
/** What a session check reads of a session row. */
const SESSION_FIELDS = {
  id: true,
  personId: true,
  scope: true,
  createdAt: true,
  lastSeenAt: true,
  endedAt: true,
} as const;

@Injectable()
export class SessionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: AuthClock,
    private readonly cache: PersonCache,
    private readonly policy: SecurityPolicyService,
    private readonly audit: AuditService,
  ) {}

  async create(personId: string, scope: SessionScope, tx: Tx | PrismaService = this.prisma) {
    const now = this.clock.now();
    return tx.authSession.create({
      data: {
        personId,
        scope,
        createdAt: now,
        lastSeenAt: now,
        sourceIp: currentRequestContext()?.sourceIp ?? null,
      },
      select: { id: true },
    });
  }

  /** The live session `sessionId` of `personId`, touched; refuses an ended or expired one. */
  async check(sessionId: string, personId: string): Promise<CachedSession> {
    const now = this.clock.now();
    let session = this.cache.sessions.get(sessionId);
    if (!session) {
      const ticket = this.cache.sessions.ticket();
      const row = await this.prisma.authSession.findUnique({
        where: { id: sessionId },
        select: SESSION_FIELDS,
      });
      if (!row || row.personId !== personId) throw unauthenticated();
      if (row.endedAt) throw sessionEnded();
      session = {
        id: row.id,
        personId: row.personId,
        scope: row.scope,
        createdAt: row.createdAt,
        lastSeenAt: row.lastSeenAt,
      };
      this.cache.sessions.put(ticket, session);
    }
    if (session.personId !== personId) throw unauthenticated();
    const policy = await this.policy.get();
    const limit = sessionLimit(policy, session, now);
    if (limit === 'absolute') {
      await this.expire(session, 'absolute');
      throw sessionExpired('absolute');
    }
    if (limit === 'idle' || now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      // Another process may have seen the session later than this one: the database decides.
      const idleSince = new Date(now.getTime() - policy.sessionIdleMinutes * 60_000);
      const rows = await this.prisma.$queryRaw<{ last_seen_at: Date }[]>(
        touchSession(sessionId, now, idleSince),
      );
      if (rows.length === 0) {
        const row = await this.prisma.authSession.findUnique({
          where: { id: sessionId },
          select: { endedAt: true },
        });
        if (!row || row.endedAt) {
          this.cache.sessions.changed(sessionId);
          throw sessionEnded();
        }
        await this.expire(session, 'idle');
        throw sessionExpired('idle');
      }
      session.lastSeenAt = rows[0].last_seen_at;
    }
    return session;
  }

  /**
   * The session of a refresh token, checked against the limits without touching it (a refresh is
   * not activity). Refuses an ended session; ends and refuses an expired one.
   */
  async checkForRefresh(sessionId: string): Promise<void> {
    const row = await this.prisma.authSession.findUnique({
      where: { id: sessionId },
      select: SESSION_FIELDS,
    });
    if (!row || row.endedAt) throw sessionEnded();
    const limit = sessionLimit(await this.policy.get(), row, this.clock.now());
    if (limit !== 'alive') {
      await this.expire(row, limit);
      throw sessionExpired(limit);
    }
  }

  /** Ends a session past its limit, once, and records `auth.session.expired`. */
  private async expire(session: { id: string; personId: string }, limit: 'idle' | 'absolute') {
    const ended = await this.prisma.$transaction(async (tx) => {
      const n = await this.endWhere(tx, { id: session.id }, limit);
      if (n > 0) {
        await this.audit.record(tx, {
          actorId: session.personId,
          action: 'auth.session.expired',
          entityType: 'person',
          entityId: session.personId,
          data: { sessionId: session.id, limit },
        });
      }
      return n;
    });
    this.cache.sessions.changed(session.id);
    return ended;
  }

  /** Ends one session (logout, token reuse) with its refresh tokens. */
  async end(sessionId: string, reason: EndReason, tx: Tx | PrismaService = this.prisma) {
    const n = await this.endWhere(tx, { id: sessionId }, reason);
    this.cache.sessions.changed(sessionId);
    return n;
  }

  /**
   * Ends every live session of a person (disabled, password changed or reset, role changed),
   * except `keep`. Returns how many ended.
   */
  async endAllOf(
    personId: string,
    reason: EndReason,
    tx: Tx | PrismaService = this.prisma,
    keep?: string,
  ): Promise<number> {
    const n = await this.endWhere(tx, { personId, ...(keep ? { id: { not: keep } } : {}) }, reason);
    // The trigger's NOTIFY reaches every process after the commit; this one forgets at once.
    this.cache.sessions.changed('*');
    return n;
  }

  async setScope(sessionId: string, scope: SessionScope, tx: Tx | PrismaService = this.prisma) {
    await tx.authSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { scope } });
    this.cache.sessions.changed(sessionId);
  }

  private async endWhere(
    tx: Tx | PrismaService,
    where: { id?: string | { not: string }; personId?: string },
    reason: string,
  ): Promise<number> {
    const now = this.clock.now();
    const sessions = await tx.authSession.findMany({
      where: { ...where, endedAt: null },
      select: { id: true },
    });
    if (sessions.length === 0) return 0;
    const ids = sessions.map((s) => s.id);
    const { count } = await tx.authSession.updateMany({
      where: { id: { in: ids }, endedAt: null },
      data: { endedAt: now, endReason: reason },
    });
    await tx.refreshToken.updateMany({
      where: { sessionId: { in: ids }, revokedAt: null },
      data: { revokedAt: now },
    });
    return count;
  }
}
