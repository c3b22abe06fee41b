import { AccessDenialRecorder } from '../../common/errors/access-denial-recorder';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { rollUpDenials, upsertDenial } from './access-denials.sql';
import { currentRequestContext, requestContextOf } from './request-context';

export const ACCESS_DENIED = 'access.denied';

/** Route segment → entity type, where dropping a plural `s` is not enough. */
const ENTITY_TYPES: Record<string, string> = {
  requests: 'task_request',
  reports: 'progress_report',
  years: 'calendar_year',
  people: 'person',
  users: 'person',
  inbox: 'inbox_item',
  policy: 'plan_policy',
};

const GLOBAL_PREFIX = /^\/api\/v1(?=\/|$)/;
const MAX_TEXT = 300;
const clip = (s: string) => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s);

export interface DeniedTarget {
  entityType: string;
  entityId: string;
  taskId?: string;
}

/**
 * What a refused request was aimed at, from its route: the last `:param` and the segment before it
 * (`/tasks/:id/reports` → task; `/tasks/:id/requests/:requestId` → task_request), or the route
 * itself when it has no parameter (`/audit/export` → route `/audit/export`).
 */
export function deniedTarget(
  routePath: string | undefined,
  params: Record<string, unknown>,
  path: string,
): DeniedTarget {
  const route = (routePath ?? path).replace(GLOBAL_PREFIX, '') || '/';
  const segments = route.split('/').filter(Boolean);
  let target: DeniedTarget = { entityType: 'route', entityId: clip(route) };
  segments.forEach((seg, i) => {
    if (!seg.startsWith(':')) return;
    const name = seg.slice(1).replace(/[?*].*$/, '');
    const before = segments[i - 1] ?? 'route';
    const value = params[name];
    target = {
      entityType: ENTITY_TYPES[before] ?? before.replace(/s$/, ''),
      entityId: clip(typeof value === 'string' ? value : String(value ?? '')),
    };
  });
  if (segments[0] === 'tasks' && segments[1]?.startsWith(':')) {
    const id = params[segments[1].slice(1)];
    if (typeof id === 'string') target.taskId = clip(id);
  }
  return target;
}

/** The minute an instant falls in (its first millisecond). */
export const minuteOf = (at: Date): Date => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

/**
 * Records refused attempts (403) in the audit trail, counted rather than one row each: at most one
 * `access.denied` event per (person, or IP without a valid token; route; minute), with the number
 * of refusals in `data.count`. So a caller who repeats a refused request cannot grow the trail
 * faster than one row per route and minute.
 *
 * Why a counting table in PostgreSQL (access_denial_minute) rather than a counter in memory or
 * Redis: the trail is append-only, so a row cannot be written first and counted up later; the
 * count must be complete before its one row is written. PostgreSQL is shared by every process (a
 * per-process counter would write one row per process), survives restarts (a minute open when the
 * service stops is rolled up when it comes back; Redis may be lost by design), and the upsert and
 * the roll-up are single statements, safe under concurrency.
 *
 * `record` is called from one place only: the global exception filter, for every 403 whether it
 * came from the roles guard, the access policy or a service. `rollUp` runs on every scheduler tick
 * and before the auditor reads the trail.
 */
@Injectable()
export class AccessDeniedAuditor implements AccessDenialRecorder {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  async record(
    req: Request & { user?: { id?: string; role?: string } },
    message: string,
  ): Promise<void> {
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
    const routePath = (req.route as { path?: unknown } | undefined)?.path;
    const route = typeof routePath === 'string' ? routePath : undefined;
    const target = deniedTarget(route, (req.params ?? {}) as Record<string, unknown>, path);
    const ctx = requestContextOf(req) ?? currentRequestContext();
    const sourceIp = ctx?.sourceIp ?? req.ip ?? null;
    const actorId = req.user?.id ?? null;
    const at = this.clock.now();
    await this.prisma.$executeRaw(
      upsertDenial({
        actorKey: actorId ? `person:${actorId}` : `ip:${sourceIp ?? ''}`,
        route: clip(`${req.method} ${(route ?? path).replace(GLOBAL_PREFIX, '') || '/'}`),
        minute: minuteOf(at),
        at,
        actorId,
        role: req.user?.role ?? null,
        sourceIp,
        method: req.method,
        path: clip(path),
        reason: clip(message),
        requestId: ctx?.requestId ?? null,
        entityType: target.entityType,
        entityId: target.entityId,
        taskId: target.taskId ?? null,
      }),
    );
  }

  /**
   * Writes every minute that is over (before the clock's current minute; tests may name a later
   * instant) to the trail, one event per counting row; returns how many events were written.
   */
  async rollUp(before: Date = minuteOf(this.clock.now())): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ events: number }[]>(rollUpDenials(before));
    return row?.events ?? 0;
  }
}
