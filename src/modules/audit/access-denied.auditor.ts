import { AccessDenialRecorder } from '../../common/errors/access-denial-recorder';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from './audit.service';
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

/**
 * Records refused attempts (403) in the audit trail. Called from one place only: the global
 * exception filter, for every 403 whether it came from the roles guard, the access policy or a
 * service.
 */
@Injectable()
export class AccessDeniedAuditor implements AccessDenialRecorder {
  constructor(
    private readonly audit: AuditService,
    private readonly prisma: PrismaService,
  ) {}

  async record(
    req: Request & { user?: { id?: string; role?: string } },
    message: string,
  ): Promise<void> {
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0] ?? '';
    const routePath = (req.route as { path?: unknown } | undefined)?.path;
    const target = deniedTarget(
      typeof routePath === 'string' ? routePath : undefined,
      (req.params ?? {}) as Record<string, unknown>,
      path,
    );
    const ctx = requestContextOf(req) ?? currentRequestContext();
    await this.audit.record(this.prisma, {
      actorId: req.user?.id ?? null,
      action: ACCESS_DENIED,
      entityType: target.entityType,
      entityId: target.entityId,
      data: {
        method: req.method,
        path: clip(path),
        ...(target.taskId ? { taskId: target.taskId } : {}),
        ...(req.user?.role ? { role: req.user.role } : {}),
        reason: message,
      },
      requestId: ctx?.requestId ?? null,
      sourceIp: ctx?.sourceIp ?? req.ip ?? null,
    });
  }
}
