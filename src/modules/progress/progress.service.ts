import { Injectable } from '@nestjs/common';
import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AccessPolicyService, mayReport } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { ProgressReportDto } from '../tasks/dto/task-detail.dto';
import { TasksService, taskClosed } from '../tasks/tasks.service';
import { CreateReportDto, ReportCreatedDto } from './dto/create-report.dto';

const staleVersion = (currentVersion: number) =>
  new DomainException(
    ErrorCode.STALE_VERSION,
    '该任务已有更新的进展报告,请刷新后在最新内容基础上再提交',
    { currentVersion },
  );

/** Progress reports: versioned per assignment, so a stale write is a 409, never a lost update. */
@Injectable()
export class ProgressService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly policy: AccessPolicyService,
    private readonly tasks: TasksService,
  ) {}

  async report(user: AuthUser, taskId: string, dto: CreateReportDto): Promise<ReportCreatedDto> {
    const outcome = mayReport(user)
      ? await this.tasks.recordReport({
          taskId,
          departmentId: user.departmentId!,
          authorId: user.id,
          version: dto.version,
          percent: dto.percent,
          narrative: dto.narrative,
          at: this.clock.now(),
        })
      : ({ kind: 'not-assigned' } as const);
    switch (outcome.kind) {
      case 'reported':
        return {
          id: outcome.id,
          version: outcome.version,
          percent: dto.percent,
          narrative: dto.narrative,
          createdAt: outcome.createdAt,
        };
      case 'stale':
        throw staleVersion(outcome.currentVersion);
      case 'closed':
        throw taskClosed();
      case 'not-found':
        throw notFound('该任务');
      case 'not-assigned':
        // The refusal the policy gives (no such task, a role that does not report, another
        // department's task); it always throws here, the department not being assigned.
        await this.policy.assertCanReportOn(user, taskId);
        throw notFound('该任务');
    }
  }

  /** Every report on the task, newest first, for anyone who may read the task. */
  async list(user: AuthUser, taskId: string): Promise<ProgressReportDto[]> {
    await this.policy.assertCanReadTask(user, taskId);
    const reports = await this.prisma.progressReport.findMany({
      where: { taskId },
      orderBy: [{ createdAt: 'desc' }, { version: 'desc' }],
      include: {
        department: { select: { name: true } },
        author: { select: { displayName: true } },
        assignment: { select: { role: true } },
      },
    });
    return reports.map((r) => ({
      id: r.id,
      departmentId: r.departmentId,
      department: r.department.name,
      role: r.assignment.role,
      author: r.author.displayName,
      version: r.version,
      percent: r.percent,
      narrative: r.narrative,
      createdAt: r.createdAt,
    }));
  }
}
