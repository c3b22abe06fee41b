import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Role } from '../../generated/prisma/enums';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { AuthUser } from '../auth/auth-user';
import { forbidden } from '../../common/errors/domain.exception';
import { unauthenticated } from '../auth/auth.errors';
import { SessionsService } from '../auth/sessions.service';

/** The board's cookie: its name, the path it is sent to, how long it lives. */
export const BOARD_COOKIE = 'duban_queue_board';
export const BOARD_PATH = '/admin/queues';
export const BOARD_SESSION_SECONDS = 15 * 60;
const AUDIENCE = 'duban-queue-board';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface BoardClaims {
  sub: string;
  /** The sign-in session the cookie was issued from (named apart from `sid`: see below). */
  bsid: string;
}

/**
 * The queue board's sign-in. The web interface keeps its access token in JavaScript, so a plain
 * navigation to the board carries no Authorization header: an administrator's request
 * (POST /api/v1/admin/queue-board/session) gets a short-lived JWT in an HttpOnly, SameSite=Strict
 * cookie sent only to the board's path, signed with JWT_SECRET. It is not an access token (its
 * audience differs and it carries no `sid`, which the API's guard requires), and an access token
 * is not a board cookie. Every board request checks it again: the person still an active
 * administrator, the sign-in session still live (a logout ends the board's access too).
 */
@Injectable()
export class QueueBoardSession {
  constructor(
    private readonly jwt: JwtService,
    private readonly sessions: SessionsService,
    private readonly prisma: PrismaService,
  ) {}

  async issue(user: AuthUser): Promise<{ token: string; expiresAt: Date }> {
    if (!user.sessionId) throw unauthenticated();
    const claims: BoardClaims = { sub: user.id, bsid: user.sessionId };
    const token = await this.jwt.signAsync(claims, {
      audience: AUDIENCE,
      expiresIn: BOARD_SESSION_SECONDS,
    });
    return { token, expiresAt: new Date(Date.now() + BOARD_SESSION_SECONDS * 1000) };
  }

  /** The administrator a board request comes from; throws 401 (no or bad cookie) or 403. */
  async verify(cookieHeader: string | undefined): Promise<string> {
    const token = cookieValue(cookieHeader, BOARD_COOKIE);
    if (!token) throw unauthenticated();
    let claims: BoardClaims;
    try {
      claims = await this.jwt.verifyAsync<BoardClaims>(token, {
        audience: AUDIENCE,
        algorithms: ['HS256'],
      });
    } catch {
      throw unauthenticated();
    }
    if (!UUID.test(String(claims.sub)) || !UUID.test(String(claims.bsid))) throw unauthenticated();
    const session = await this.sessions.check(claims.bsid, claims.sub);
    if (session.scope !== 'full') throw unauthenticated();
    const person = await this.prisma.person.findUnique({
      where: { id: claims.sub },
      select: { role: true, active: true },
    });
    if (!person?.active) throw unauthenticated();
    if (person.role !== Role.ADMIN) throw forbidden();
    return claims.sub;
  }
}

/** The value of one cookie of a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie value: HttpOnly, SameSite=Strict, the board's path only; Secure over HTTPS. */
export function boardCookie(token: string, secure: boolean): string {
  return [
    `${BOARD_COOKIE}=${token}`,
    `Path=${BOARD_PATH}`,
    `Max-Age=${BOARD_SESSION_SECONDS}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
