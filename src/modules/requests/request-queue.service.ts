import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { Scope } from '../auth/scope';
import { requestWhere } from '../auth/scope-where';
import { RequestQueueQuery, RequestView } from './dto/requests.dto';
import { REQUEST_INCLUDE, toRequestView } from './request-view';

/** The office's queue shows at most this many requests, the oldest first. */
const QUEUE_LIMIT = 500;

/** Requests as lists: a task's requests, and the office's queue. */
@Injectable()
export class RequestQueueService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly policy: AccessPolicyService,
  ) {}

  /** Every request on the task, newest first, for anyone who may read the task. */
  async listForTask(scope: Scope, taskId: string): Promise<RequestView[]> {
    await this.policy.assertTaskInScope(scope, taskId);
    const rows = await this.prisma.taskRequest.findMany({
      where: { taskId },
      include: REQUEST_INCLUDE,
      orderBy: [{ requestedAt: 'desc' }, { id: 'asc' }],
    });
    return rows.map(toRequestView);
  }

  /**
   * The office's queue, the requests on tasks in its scope: oldest first, so nothing waits longest
   * unnoticed.
   */
  async queue(scope: Scope, query: RequestQueueQuery): Promise<RequestView[]> {
    const rows = await this.prisma.taskRequest.findMany({
      where: {
        ...(query.status ? { status: query.status } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
        ...requestWhere(scope),
      },
      include: REQUEST_INCLUDE,
      orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
      take: QUEUE_LIMIT,
    });
    return rows.map(toRequestView);
  }
}
