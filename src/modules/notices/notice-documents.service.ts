import { Injectable, OnModuleInit } from '@nestjs/common';
import { renderAssignmentNotice } from '../../common/documents/assignment-notice.document';
import { renderSupervisionNotice } from '../../common/documents/supervision-notice.document';
import { fromDbDate, localDateOf } from '../../common/time/local-date';
import { AppConfig } from '../../config/app-config.service';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { CalendarService } from '../calendar/calendar.service';
import { supervisionAnswerBy } from '../escalation/escalation-policy';
import {
  DeliveryAttachments,
  type RenderedAttachment,
} from '../notifications/delivery-attachments';
import { policyOf } from '../plan-policy/resolve-policy';
import {
  NoticeHeadRow,
  NoticeTaskRow,
  selectNoticeHead,
  selectNoticeTasks,
  selectOfficeContacts,
  selectSupervisionNotice,
  SupervisionNoticeRow,
} from './notice-documents.sql';
import { officeName } from '../../common/documents/document-numbers';
import { cadenceText, SOURCE_LABEL } from './notice-texts';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A rendered document and who may read it (the caller checks the scope). */
export interface NoticeFile extends RenderedAttachment {
  departmentId?: string;
  regionId: string | null;
  taskId?: string;
}

/**
 * The printable notices, rendered from the database each time (the same rows give the same
 * document: a download and an email's retry carry the same text): the 交办通知 of an assignment
 * notice and the 督办单 of a supervision step. Registered with DeliveryAttachments, so the emails
 * that announce them carry them.
 */
@Injectable()
export class NoticeDocumentsService implements OnModuleInit {
  constructor(
    private readonly prisma: PrismaService,
    private readonly calendars: CalendarService,
    private readonly config: AppConfig,
    private readonly attachments: DeliveryAttachments,
  ) {}

  onModuleInit(): void {
    this.attachments.register(
      'assignment-notice',
      (id) => this.assignmentNotice(id),
      (id) => `/notices/${id}.docx`,
    );
    this.attachments.register(
      'supervision-notice',
      (id) => this.supervisionNotice(id),
      (_id, taskId) => `/tasks/${taskId}/supervision-notice.docx`,
    );
  }

  /** The 交办通知 as .docx (null: no such notice). */
  async assignmentNotice(noticeId: string): Promise<NoticeFile | null> {
    const [head] = await this.prisma.$queryRaw<NoticeHeadRow[]>(selectNoticeHead(noticeId));
    if (!head) return null;
    const tasks = await this.prisma.$queryRaw<NoticeTaskRow[]>(selectNoticeTasks(noticeId));
    const contacts = await this.prisma.$queryRaw<{ display_name: string; phone: string | null }[]>(
      selectOfficeContacts(head.region_id),
    );
    const issuer = officeName(this.config.get('OFFICE_NAME'), head.region_name);
    const policy = policyOf(head.plan_policy);
    const ackDue = tasks.find((t) => t.ack_due_on)?.ack_due_on ?? null;
    const content = await renderAssignmentNotice({
      issuer,
      number: head.number,
      issuedOn: localDateOf(head.issued_at),
      departmentName: head.department_name,
      containerTitle: head.plan_title,
      containerNumber: head.plan_document_number,
      sourceLabel: SOURCE_LABEL[head.plan_source] ?? '督办事项',
      items: tasks.map((t) => ({
        no: t.no,
        text: t.text,
        role: t.role,
        leadDepartments: t.leads,
        supportDepartments: t.supports,
        dueOn: t.due_on ? fromDbDate(t.due_on) : null,
        cadence: t.role === 'LEAD' ? cadenceText(policy.reporting) : '按牵头单位要求报送',
      })),
      ackDueOn: ackDue ? fromDbDate(ackDue) : null,
      contact:
        contacts.length > 0
          ? contacts
              .map((c) => (c.phone ? `${c.display_name},电话${c.phone}` : c.display_name))
              .join(';')
          : null,
    });
    return {
      filename: `交办通知-${head.number}-${head.department_name}.docx`,
      contentType: DOCX,
      content,
      departmentId: head.department_id,
      regionId: head.region_id,
    };
  }

  /** The 督办单 of a supervision step as .docx (null: no numbered supervision step). */
  async supervisionNotice(escalationId: string): Promise<NoticeFile | null> {
    const [row] = await this.prisma.$queryRaw<SupervisionNoticeRow[]>(
      selectSupervisionNotice(escalationId),
    );
    return row ? this.supervisionFile(row) : null;
  }

  /** Renders a supervision step's 督办单 (the row from selectSupervisionNotice or the task's list). */
  async supervisionFile(row: SupervisionNoticeRow): Promise<NoticeFile> {
    const calendar = this.calendars.current();
    const issuedOn = localDateOf(row.triggered_at);
    const dueOn = fromDbDate(row.due_on);
    const content = await renderSupervisionNotice({
      issuer: officeName(this.config.get('OFFICE_NAME'), row.region_name),
      number: row.notice_no,
      issuedOn,
      leadDepartments: row.leads,
      containerTitle: row.plan_title,
      taskNo: row.no,
      taskText: row.text,
      dueOn,
      workingDaysOverdue: dueOn < issuedOn ? calendar.workingDaysAfter(dueOn, issuedOn) : 0,
      answerBy: supervisionAnswerBy(issuedOn, calendar),
    });
    return {
      filename: `督办单-${row.notice_no}.docx`,
      contentType: DOCX,
      content,
      regionId: row.region_id,
      taskId: row.task_id,
    };
  }
}
