import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { reserveDocumentNumbers } from '../../common/documents/document-sequence.sql';
import { fromDbDate, localDateOf } from '../../common/time/local-date';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { NotificationsService, OutgoingMessage } from '../notifications/notifications.service';
import { ONGOING_DUE_ON } from '../plan-policy/plan-policy';
import { quietHoursEnd } from '../plan-policy/quiet-hours';
import { policyOf } from '../plan-policy/resolve-policy';
import { WorkArrival } from '../tasks/work-arrival.service';
import {
  insertNoticeItems,
  insertNotices,
  lockNoticeIssuing,
  markNoticed,
  NewNotice,
  NewNoticeItem,
  NoticeRecipientRow,
  PendingAssignmentRow,
  selectNoticeRecipients,
  selectPendingAssignments,
} from './assignment-notices.sql';
import { assignmentNoticeNo } from '../../common/documents/document-numbers';

/**
 * (plan, department) pairs per transaction: a country-wide cascade (54,600 pairs) is issued in
 * slices of about 26,000 assignments, each pass re-reading what is still pending.
 */
const GROUPS_PER_PASS = 5000;

/** A notice being issued: its row and the assignments it covers. */
interface Draft {
  notice: NewNotice;
  rows: PendingAssignmentRow[];
}

export interface IssueResult {
  notices: number;
  assignments: number;
  deliveries: number;
}

/**
 * Assignment notices (交办通知, DESIGN.md "Assignment lifecycle"): whenever work reaches a
 * department (an import commit, a publish, a new item, a reassignment), one notice per department
 * and plan container lists every task of that batch, numbered 交〔年〕N号 per office and year, and
 * goes to the department's liaisons and heads by email (the .docx attached) and in their inbox.
 *
 * The follow-up of WorkArrival: set-based and idempotent over `assignment.noticed_at IS NULL`. One
 * transaction per pass takes an advisory lock (a second caller waits, then sees the first's work
 * committed and finds nothing, or only what arrived since), reserves each office's block of
 * numbers from its counter row, writes the notices, their items, `noticed_at`, the deliveries and
 * the audit events; the deliveries are dispatched after it commits.
 */
@Injectable()
export class AssignmentNoticesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AssignmentNoticesService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly arrival: WorkArrival,
  ) {}

  /**
   * Registered at bootstrap, after every module's onModuleInit: the follow-ups registered there
   * (the acknowledgement deadline, `ack_due_on`) run first, so the notice can print that date.
   */
  onApplicationBootstrap(): void {
    this.arrival.register('notices', () => this.issuePending());
  }

  /** Issues every notice still due; returns what was issued. */
  async issuePending(): Promise<IssueResult> {
    const total: IssueResult = { notices: 0, assignments: 0, deliveries: 0 };
    for (;;) {
      const pass = await this.prisma.$transaction((tx) => this.issuePass(tx), { timeout: 120_000 });
      await this.notifications.dispatch(pass.deliveryIds);
      total.notices += pass.notices;
      total.assignments += pass.assignments;
      total.deliveries += pass.deliveryIds.length;
      if (pass.groups < GROUPS_PER_PASS) break;
    }
    if (total.notices > 0) this.logger.log(total, 'assignment notices issued');
    return total;
  }

  private async issuePass(tx: Tx) {
    await tx.$executeRaw(lockNoticeIssuing());
    const rows = await tx.$queryRaw<PendingAssignmentRow[]>(
      selectPendingAssignments(GROUPS_PER_PASS),
    );
    const empty = { notices: 0, assignments: 0, groups: 0, deliveryIds: [] as string[] };
    if (rows.length === 0) return empty;
    const now = this.clock.now();
    const year = Number(localDateOf(now).slice(0, 4));

    const drafts = await this.numbered(tx, groupRows(rows), year);
    const notices = drafts.map((d) => d.notice);
    const items = drafts.flatMap((d) =>
      d.rows.map((r): NewNoticeItem => ({
        noticeId: d.notice.id,
        assignmentId: r.assignment_id,
        taskId: r.task_id,
        role: r.role,
      })),
    );
    await tx.$executeRaw(insertNotices(notices, now));
    await tx.$executeRaw(insertNoticeItems(items));
    const marked = await tx.$executeRaw(
      markNoticed(
        items.map((i) => i.assignmentId),
        now,
      ),
    );
    // Under the lock nobody else marks these rows; a mismatch means a writer outside this path.
    if (marked !== items.length) throw new Error('assignments noticed meanwhile; pass retried');

    const recipients = await tx.$queryRaw<NoticeRecipientRow[]>(
      selectNoticeRecipients(notices.map((n) => n.id)),
    );
    const deliveryIds = await this.notifications.createDeliveries(
      tx,
      messagesFor(drafts, recipients, now),
    );
    await this.audit.recordMany(tx, auditOf(drafts));
    return {
      notices: notices.length,
      assignments: items.length,
      groups: drafts.length,
      deliveryIds,
    };
  }

  /** Numbers the groups per office from one block each of the office's counter for `year`. */
  private async numbered(tx: Tx, groups: PendingAssignmentRow[][], year: number): Promise<Draft[]> {
    const byOffice = new Map<string | null, PendingAssignmentRow[][]>();
    for (const g of groups) {
      const office = g[0]!.region_id;
      byOffice.set(office, [...(byOffice.get(office) ?? []), g]);
    }
    const drafts: Draft[] = [];
    for (const [regionId, officeGroups] of byOffice) {
      const [{ last }] = await tx.$queryRaw<{ last: number }[]>(
        reserveDocumentNumbers('ASSIGNMENT', regionId, year, officeGroups.length),
      );
      const first = last - officeGroups.length + 1;
      officeGroups.forEach((g, i) =>
        drafts.push({
          notice: {
            id: randomUUID(),
            regionId,
            year,
            seq: first + i,
            number: assignmentNoticeNo(year, first + i),
            planId: g[0]!.plan_id,
            departmentId: g[0]!.department_id,
          },
          rows: g,
        }),
      );
    }
    return drafts;
  }
}

/** Consecutive rows of one (plan, department): the statement orders them so. */
function groupRows(rows: PendingAssignmentRow[]): PendingAssignmentRow[][] {
  const groups: PendingAssignmentRow[][] = [];
  let key = '';
  for (const r of rows) {
    const k = `${r.plan_id}/${r.department_id}`;
    if (k !== key) groups.push([]);
    key = k;
    groups[groups.length - 1]!.push(r);
  }
  return groups;
}

/**
 * One message per notice and recipient (email with the .docx, inbox with a link to it; the
 * recipient's own channel choice), held by the plan's quiet hours; a department without liaison
 * or head gets a visible failed delivery.
 */
function messagesFor(
  drafts: Draft[],
  recipients: NoticeRecipientRow[],
  now: Date,
): OutgoingMessage[] {
  const byNotice = new Map(drafts.map((d) => [d.notice.id, d]));
  const holds = new Map<string, Date | undefined>();
  return recipients.map((r): OutgoingMessage => {
    const { notice, rows } = byNotice.get(r.notice_id)!;
    const first = rows[0]!;
    if (!holds.has(first.plan_id)) {
      holds.set(first.plan_id, quietHoursEnd(now, policyOf(first.plan_policy)) ?? undefined);
    }
    const ackDueOn = rows.find((x) => x.ack_due_on)?.ack_due_on;
    return {
      dedupeKey: `assignment-notice-${notice.id}-${r.person_id ?? `dept-${notice.departmentId}`}`,
      recipientId: r.person_id,
      template: 'assignment-notice',
      vars: {
        taskId: first.task_id,
        taskNo: first.no,
        taskText: first.text,
        planTitle: first.plan_title,
        departmentName: first.department_name,
        role: first.role,
        dueOn: first.due_on ? fromDbDate(first.due_on) : ONGOING_DUE_ON,
        recipientName: r.person_name ?? undefined,
        notice: {
          number: notice.number,
          tasks: rows.map((x) => ({
            taskId: x.task_id,
            taskNo: x.no,
            taskText: x.text,
            role: x.role,
            dueOn: x.due_on ? fromDbDate(x.due_on) : null,
          })),
          ackDueOn: ackDueOn ? fromDbDate(ackDueOn) : undefined,
        },
      },
      taskId: first.task_id,
      notBefore: holds.get(first.plan_id),
      attachment: { kind: 'assignment-notice', id: notice.id },
    };
  });
}

/**
 * One event per task a notice covers, so that it shows in each task's history; its actor is the
 * caller whose write brought the work (the importer, the office), or the system on a catch-up.
 */
function auditOf(drafts: Draft[]): AuditEntry[] {
  return drafts.flatMap(({ notice, rows }) =>
    rows.map((r): AuditEntry => ({
      action: 'notice.assignment.issued',
      entityType: 'assignment_notice',
      entityId: notice.id,
      data: {
        taskId: r.task_id,
        number: notice.number,
        departmentId: notice.departmentId,
        departmentName: r.department_name,
        role: r.role,
      },
    })),
  );
}
