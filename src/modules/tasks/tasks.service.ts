import { Injectable } from '@nestjs/common';
import { fromDbDate } from '../../common/time/local-date';
import { TaskStatus } from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { movesOn, TaskEvent, TaskMove, transition } from './domain/task-state-machine';
import { childDeadlineAfterParent, invalidTransition, staleTask, taskGone } from './tasks.errors';
import {
  MovedTaskRow,
  moveTasks,
  MoveSet,
  selectParentDueOn,
  selectTaskForMove,
  TaskForMoveRow,
  updateTaskStatus,
} from './tasks.sql';

/** The audit actions of a task's status and deadline changes. */
const STATUS_CHANGED = 'task.status_changed';
const DEADLINE_EXTENDED = 'task.deadline_extended';

/** A status decision: who, on which version they read (optional for office decisions), and why. */
export interface TaskDecision {
  actorId: string;
  /** The task version the caller read; a newer one on the server is a 409 STALE_VERSION. */
  expectedVersion?: number;
  reason?: string | null;
  /** Extra facts for the audit record (the request id, …). */
  data?: Record<string, unknown>;
}

/** The task after a decision: its new status and version (clients send the version back next time). */
export interface TaskMoved {
  taskId: string;
  from: TaskStatus;
  to: TaskStatus;
  version: number;
}

/**
 * The move a lead department's first progress report makes, for the report statement
 * (progress/progress-report.sql.ts), which writes the report, the task's progress and this move in
 * one round trip: the moves the state machine gives REPORT_PROGRESS, and the audit record of each.
 */
export interface FirstReportMove {
  moves: readonly TaskMove[];
  /** The audit action and `data.reason` of the status change. */
  auditAction: string;
  auditReason: string;
}

/**
 * The only writer of a task's status: other modules (progress, requests, plans, escalation) call
 * the intent-named methods below, which ask the state machine and write with a conditional update.
 * The progress report applies the move `firstReportMove` gives it in its own statement (one round
 * trip for the hot path), with the same conditional, audited semantics.
 */
@Injectable()
export class TasksService {
  private readonly firstReport: FirstReportMove = {
    moves: movesOn('REPORT_PROGRESS'),
    auditAction: STATUS_CHANGED,
    auditReason: 'first_lead_report',
  };

  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** What a lead's first report does to the task's status (see FirstReportMove). */
  firstReportMove(): FirstReportMove {
    return this.firstReport;
  }

  // ---- Status decisions ----

  /** The lead asks to close the task (办结销号). */
  requestClosure(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'REQUEST_CLOSURE', d);
  }

  /** The office closes the task: status CLOSED, closedAt now. */
  approveClosure(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'APPROVE_CLOSURE', d, { closedAt: this.clock.now() });
  }

  /** The office returns a closure request: the task is in progress again. */
  returnClosure(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'RETURN_CLOSURE', d);
  }

  /** An assigned department contests its assignment. */
  dispute(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'DISPUTE', d);
  }

  /** The office keeps the assignment: back to in progress if the lead ever reported, else assigned. */
  upholdAssignment(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'UPHOLD', d);
  }

  /** The office changed the departments (the caller rewrote the assignments): the task starts afresh. */
  reassign(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'REASSIGN', d);
  }

  suspend(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'SUSPEND', d);
  }

  resume(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'RESUME', d);
  }

  /** An approved extension: same status, the new deadline (stated), a new version. */
  async extendDeadline(
    tx: Tx,
    taskId: string,
    newDueOn: string,
    d: TaskDecision,
  ): Promise<TaskMoved & { previousDueOn: string | null }> {
    await this.assertWithinParentDeadline(tx, taskId, newDueOn);
    return this.move(tx, taskId, 'EXTEND_DEADLINE', d, { dueOn: newDueOn });
  }

  /**
   * A region's task may end earlier than the task above it, never later: an extension past the
   * parent's deadline has to be asked of the level above (422).
   */
  async assertWithinParentDeadline(
    db: Tx | PrismaService,
    taskId: string,
    dueOn: string,
  ): Promise<void> {
    const [row] = await db.$queryRaw<{ parent_due_on: Date | null }[]>(selectParentDueOn(taskId));
    if (!row?.parent_due_on) return;
    const parentDueOn = fromDbDate(row.parent_due_on);
    if (dueOn > parentDueOn) throw childDeadlineAfterParent(dueOn, parentDueOn);
  }

  /**
   * Set-based moves of many tasks by one event (a plan revision withdraws or reinstates items):
   * the same machine, one conditional update for all tasks in an accepting state, one audit
   * event each. Returns the ids moved.
   */
  async moveMany(
    tx: Tx,
    taskIds: string[],
    event: 'WITHDRAW' | 'REINSTATE',
    d: { actorId: string | null; reason: string },
  ): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const moved = await tx.$queryRaw<MovedTaskRow[]>(
      moveTasks(taskIds, movesOn(event), this.clock.now()),
    );
    await this.audit.recordMany(
      tx,
      moved.map((m) => ({
        actorId: d.actorId,
        action: STATUS_CHANGED,
        entityType: 'task',
        entityId: m.id,
        data: { taskId: m.id, event, from: m.from_status, to: m.to_status, reason: d.reason },
        before: { status: m.from_status },
        after: { status: m.to_status },
      })),
    );
    return moved.map((m) => m.id);
  }

  /**
   * Reads the task, asks the state machine, and writes with a conditional update on the status and
   * version it read: a concurrent decision makes this one affect no row, which is a 409, never a
   * lost update. Audited in the same transaction.
   */
  private async move(
    tx: Tx,
    taskId: string,
    event: TaskEvent,
    d: TaskDecision,
    set: MoveSet = {},
  ): Promise<TaskMoved & { previousDueOn: string | null }> {
    const [task] = await tx.$queryRaw<TaskForMoveRow[]>(selectTaskForMove(taskId));
    if (!task) throw taskGone();
    const result = transition(task.status, event, { hasReports: task.reported });
    if (!result.ok) throw invalidTransition(task.status, event);
    if (d.expectedVersion !== undefined && d.expectedVersion !== task.version) {
      throw staleTask(d.expectedVersion, task.version);
    }
    const updated = await tx.$executeRaw(
      updateTaskStatus(taskId, task, result.to, this.clock.now(), set),
    );
    if (updated === 0) throw staleTask(d.expectedVersion ?? task.version, task.version + 1);
    const previousDueOn = task.due_on ? fromDbDate(task.due_on) : null;
    await this.audit.record(tx, {
      actorId: d.actorId,
      action: event === 'EXTEND_DEADLINE' ? DEADLINE_EXTENDED : STATUS_CHANGED,
      entityType: 'task',
      entityId: taskId,
      data: {
        taskId,
        event,
        from: task.status,
        to: result.to,
        ...(d.reason ? { reason: d.reason } : {}),
        ...(set.dueOn ? { fromDueOn: previousDueOn, toDueOn: set.dueOn } : {}),
        ...d.data,
      },
      before: {
        status: task.status,
        version: task.version,
        ...(set.dueOn ? { dueOn: previousDueOn } : {}),
      },
      after: {
        status: result.to,
        version: task.version + 1,
        ...(set.dueOn ? { dueOn: set.dueOn } : {}),
      },
    });
    return { taskId, from: task.status, to: result.to, version: task.version + 1, previousDueOn };
  }
}
