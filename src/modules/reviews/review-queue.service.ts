import { Injectable } from '@nestjs/common';
import { Role } from '../../generated/prisma/enums';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { maySupervise } from '../auth/access-policy.service';
import type { Scope } from '../auth/scope';
import { REQUEST_INCLUDE, toRequestView } from '../requests/request-view';
import { MyReviewDto } from './dto/review.dto';
import { selectMyReviews } from './review-chain.sql';

/** "待我审核" shows at most this many requests, the oldest first. */
const MINE_LIMIT = 500;

/** The closure requests whose waiting step the caller holds (head, office, leader, deputy). */
@Injectable()
export class ReviewQueueService {
  constructor(private readonly prisma: PrismaService) {}

  async mine(scope: Scope): Promise<MyReviewDto[]> {
    const { user } = scope;
    const deputyHeads = (scope.actingFor ?? []).filter((a) => a.role === Role.HEAD);
    const headDepartmentIds = [
      ...(user.role === Role.HEAD && user.departmentId ? [user.departmentId] : []),
      ...deputyHeads.map((a) => a.departmentId),
    ];
    const ids = await this.prisma.$queryRaw<{ id: string }[]>(
      selectMyReviews(
        scope,
        {
          headDepartmentIds,
          office: maySupervise(user),
          leaderId: user.role === Role.LEADER ? user.id : null,
        },
        MINE_LIMIT,
      ),
    );
    if (ids.length === 0) return [];
    const rows = await this.prisma.taskRequest.findMany({
      where: { id: { in: ids.map((r) => r.id) } },
      include: {
        ...REQUEST_INCLUDE,
        task: {
          select: {
            no: true,
            text: true,
            version: true,
            plan: { select: { title: true } },
            assignments: {
              where: { role: 'LEAD', removedAt: null },
              select: { department: { select: { name: true } } },
            },
          },
        },
      },
      orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
    });
    const names = await this.namesOf(deputyHeads.map((a) => a.personId));
    return rows.map((r) => {
      const deputy =
        r.stage === 'HEAD' && !(user.role === Role.HEAD && user.departmentId === r.departmentId)
          ? deputyHeads.find((a) => a.departmentId === r.departmentId)
          : undefined;
      return {
        request: toRequestView(r),
        taskId: r.taskId,
        taskNo: r.task.no,
        taskText: r.task.text,
        taskVersion: r.task.version,
        planTitle: r.task.plan.title,
        department: r.task.assignments[0]?.department.name ?? '',
        actingFor: deputy ? (names.get(deputy.personId) ?? null) : null,
      };
    });
  }

  private async namesOf(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const people = await this.prisma.person.findMany({
      where: { id: { in: ids } },
      select: { id: true, displayName: true },
    });
    return new Map(people.map((p) => [p.id, p.displayName]));
  }
}
