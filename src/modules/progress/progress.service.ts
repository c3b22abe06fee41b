import { HttpStatus, Injectable } from '@nestjs/common';
import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { AssignmentRole } from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { ProgressReportDto } from '../tasks/dto/task-detail.dto';
import { TasksService } from '../tasks/tasks.service';
import { CreateReportDto, ReportCreatedDto } from './dto/create-report.dto';

const staleVersion = (currentVersion: number) =>
  new DomainException(
    ErrorCode.STALE_VERSION,
    '该任务已有更新的进展报告,请刷新后在最新内容基础上再提交',
    HttpStatus.CONFLICT,
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
    private readonly audit: AuditService,
  ) {}

  async report(user: AuthUser, taskId: string, dto: CreateReportDto): Promise<ReportCreatedDto> {
    const assignment = await this.policy.assertCanReportOn(user, taskId);
    const at = this.clock.now();
    return this.prisma.$transaction(async (tx) => {
      const status = await this.tasks.lockForReport(tx, taskId, assignment.role);

      // The version check and the bump are one statement: of two reports on the same version,
      // the second waits on the row lock, re-reads the bumped version and matches nothing.
      const bumped = await tx.$queryRaw<{ report_version: number }[]>`
        UPDATE assignment
        SET report_version = report_version + 1, percent = ${dto.percent}, last_report_at = ${at}
        WHERE id = ${assignment.id}::uuid AND report_version = ${dto.version}
        RETURNING report_version`;
      if (bumped.length === 0) {
        const current = await tx.assignment.findUnique({
          where: { id: assignment.id },
          select: { reportVersion: true },
        });
        throw staleVersion(current?.reportVersion ?? 0);
      }
      const version = bumped[0].report_version;

      const report = await tx.progressReport.create({
        data: {
          assignmentId: assignment.id,
          taskId,
          departmentId: assignment.departmentId,
          authorId: user.id,
          version,
          percent: dto.percent,
          narrative: dto.narrative,
          createdAt: at,
        },
        select: { id: true, version: true, percent: true, narrative: true, createdAt: true },
      });

      if (assignment.role === AssignmentRole.LEAD) {
        await this.tasks.recordLeadReport(tx, taskId, {
          percent: dto.percent,
          at,
          actorId: user.id,
          status,
        });
      }

      await this.audit.record(tx, {
        actorId: user.id,
        action: 'progress.reported',
        entityType: 'task',
        entityId: taskId,
        data: {
          reportId: report.id,
          assignmentId: assignment.id,
          departmentId: assignment.departmentId,
          role: assignment.role,
          version,
          percent: dto.percent,
        },
      });
      return report;
    });
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
