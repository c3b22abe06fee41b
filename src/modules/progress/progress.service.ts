import { Injectable } from '@nestjs/common';
import { TaskStatus } from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { AccessPolicyService, mayReport, maySupervise } from '../auth/access-policy.service';
import type { Scope } from '../auth/scope';
import type { AuthUser } from '../auth/auth-user';
import {
  PROGRESS_REPORT_ORDER,
  PROGRESS_REPORT_INCLUDE,
  ProgressReportDto,
  toProgressReportDto,
} from '../tasks/dto/progress-report.dto';
import { TasksService } from '../tasks/tasks.service';
import { CreateReportDto, OnBehalfReportDto, ReportCreatedDto } from './dto/create-report.dto';
import { localDateOf } from '../../common/time/local-date';
import {
  RECORD_REPORT_SQL,
  recordReportArgs,
  ReportRow,
  ReportRules,
  ReportWrite,
} from './progress-report.sql';
import {
  departmentNotAssigned,
  onlyOfficeEntersOnBehalf,
  receivedInFuture,
  reportOnClosedTask,
  reportTaskNotFound,
  staleReport,
} from './progress.errors';

/** What became of a report: written, or why not (nothing is written then). */
type ReportOutcome =
  | { kind: 'reported'; id: string; version: number; createdAt: Date }
  | { kind: 'not-assigned' }
  | { kind: 'not-found' }
  | { kind: 'closed' }
  | { kind: 'stale'; currentVersion: number };

/**
 * Progress reports: versioned per assignment, so a stale write is a 409, never a lost update. A
 * report is one statement (progress-report.sql.ts); a lead's first report also moves the task as
 * the tasks module says (TasksService.firstReportMove).
 */
@Injectable()
export class ProgressService {
  private readonly rules: ReportRules;

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly policy: AccessPolicyService,
    private readonly audit: AuditService,
    tasks: TasksService,
  ) {
    this.rules = {
      firstReport: tasks.firstReportMove(),
      reportedAction: 'progress.reported',
      onBehalfAction: 'report.entered_on_behalf',
      closedStatus: TaskStatus.CLOSED,
    };
  }

  async report(user: AuthUser, taskId: string, dto: CreateReportDto): Promise<ReportCreatedDto> {
    const base = {
      taskId,
      authorId: user.id,
      version: dto.version,
      percent: dto.percent,
      narrative: dto.narrative,
    };
    let outcome: ReportOutcome = { kind: 'not-assigned' };
    if (mayReport(user)) {
      outcome = await this.write({ ...base, departmentId: user.departmentId!, at: this.now() });
      if (outcome.kind === 'not-assigned') {
        // A deputy (委托) reports for a department of a person they stand in for today.
        const deputy = await this.policy.deputyAssignment(user, taskId);
        if (deputy) {
          outcome = await this.write({
            ...base,
            departmentId: deputy.assignment.departmentId,
            actingForId: deputy.actingForId,
            at: this.now(),
          });
        }
      }
    }
    return this.answer(outcome, dto, () => this.policy.assertCanReportOn(user, taskId));
  }

  /**
   * 代报: the office (in scope) enters a report a department gave by phone or on paper, through
   * the same statement as the department's own (version check, roll-up, first-report move), marked
   * with the office person and the channel, audited as `report.entered_on_behalf`.
   */
  async reportOnBehalf(
    scope: Scope,
    taskId: string,
    dto: OnBehalfReportDto,
  ): Promise<ReportCreatedDto> {
    await this.policy.assertTaskInScope(scope, taskId);
    if (!maySupervise(scope.user)) throw onlyOfficeEntersOnBehalf();
    if (dto.receivedOn > localDateOf(this.clock.now())) throw receivedInFuture();
    const outcome = await this.write({
      taskId,
      departmentId: dto.departmentId,
      authorId: scope.user.id,
      version: dto.version,
      percent: dto.percent,
      narrative: dto.narrative,
      at: this.now(),
      onBehalf: { enteredById: scope.user.id, channel: dto.channel, receivedOn: dto.receivedOn },
    });
    return this.answer(outcome, dto, () => {
      throw departmentNotAssigned();
    });
  }

  private now(): Date {
    return this.clock.now();
  }

  private async answer(
    outcome: ReportOutcome,
    dto: { percent: number; narrative: string },
    refuse: () => Promise<unknown> | never,
  ): Promise<ReportCreatedDto> {
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
        throw staleReport(outcome.currentVersion);
      case 'closed':
        throw reportOnClosedTask();
      case 'not-found':
        throw reportTaskNotFound();
      case 'not-assigned':
        // The refusal the policy gives (no such task or out of scope: 404; a role that does not
        // report: 403); it always throws here, the department not being assigned.
        await refuse();
        throw reportTaskNotFound();
    }
  }

  /** Every report on the task, newest first, for anyone who may read the task. */
  async list(scope: Scope, taskId: string): Promise<ProgressReportDto[]> {
    await this.policy.assertTaskInScope(scope, taskId);
    const reports = await this.prisma.progressReport.findMany({
      where: { taskId },
      orderBy: PROGRESS_REPORT_ORDER,
      include: PROGRESS_REPORT_INCLUDE,
    });
    return reports.map(toProgressReportDto);
  }

  /**
   * Writes a department's report in one statement (one round trip, atomic on its own; see
   * RECORD_REPORT_SQL). The outcome names what refused the report; nothing is written unless it
   * is `reported`.
   */
  private async write(r: ReportWrite): Promise<ReportOutcome> {
    const [row] = await this.prisma.$queryRawUnsafe<ReportRow[]>(
      RECORD_REPORT_SQL,
      ...recordReportArgs(r, this.audit.stamp(), this.rules),
    );
    if (!row?.role) return { kind: 'not-assigned' };
    if (!row.status) return { kind: 'not-found' };
    if (row.status === this.rules.closedStatus) return { kind: 'closed' };
    if (!row.report_id) {
      // The winner may have committed after this statement's snapshot: read it afresh.
      const current = await this.prisma.assignment.findFirst({
        where: { taskId: r.taskId, departmentId: r.departmentId, removedAt: null },
        select: { reportVersion: true },
      });
      return { kind: 'stale', currentVersion: current?.reportVersion ?? 0 };
    }
    return {
      kind: 'reported',
      id: row.report_id,
      version: row.version!,
      createdAt: row.created_at!,
    };
  }
}
