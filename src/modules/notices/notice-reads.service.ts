import { Injectable } from '@nestjs/common';
import { fromDbDate } from '../../common/time/local-date';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import { departmentInScope, regionInScope, type Scope } from '../auth/scope';
import type { TaskNoticesDto } from './dto/task-notices.dto';
import {
  selectTaskNotices,
  selectTaskSupervisionNotices,
  SupervisionNoticeRow,
  TaskNoticeRow,
} from './notice-documents.sql';
import { NoticeDocumentsService, type NoticeFile } from './notice-documents.service';
import { noSupervisionNotice, noticeNotFound, noticeOutOfScope } from './notices.errors';

/**
 * The notices as the caller may read them: an assignment notice belongs to its department (its
 * people, its leaders) and to the offices whose region subtree holds the plan; a task's notices
 * and 督办单 follow the task's scope.
 */
@Injectable()
export class NoticeReadsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: AccessPolicyService,
    private readonly documents: NoticeDocumentsService,
  ) {}

  async assignmentNoticeFile(scope: Scope, noticeId: string): Promise<NoticeFile> {
    const notice = await this.prisma.assignmentNotice.findUnique({
      where: { id: noticeId },
      select: { departmentId: true, regionId: true },
    });
    if (!notice) throw noticeNotFound();
    if (!departmentInScope(scope, notice.departmentId) || !regionInScope(scope, notice.regionId)) {
      throw noticeOutOfScope();
    }
    const file = await this.documents.assignmentNotice(noticeId);
    if (!file) throw noticeNotFound();
    return file;
  }

  async taskNotices(scope: Scope, taskId: string): Promise<TaskNoticesDto> {
    await this.access.assertTaskInScope(scope, taskId);
    const notices = await this.prisma.$queryRaw<TaskNoticeRow[]>(
      selectTaskNotices(taskId, scope.departmentIds),
    );
    const supervision = await this.prisma.$queryRaw<SupervisionNoticeRow[]>(
      selectTaskSupervisionNotices(taskId),
    );
    return {
      assignmentNotices: notices.map((n) => ({
        id: n.id,
        number: n.number,
        departmentId: n.department_id,
        departmentName: n.department_name,
        role: n.role,
        issuedAt: n.issued_at,
        documentPath: `/notices/${n.id}.docx`,
      })),
      supervisionNotices: supervision.map((s) => ({
        escalationId: s.escalation_id,
        number: s.notice_no,
        dueOn: fromDbDate(s.due_on),
        issuedAt: s.triggered_at,
        documentPath: `/tasks/${taskId}/supervision-notice.docx`,
      })),
    };
  }

  /** The task's latest 督办单. */
  async supervisionNoticeFile(scope: Scope, taskId: string): Promise<NoticeFile> {
    await this.access.assertTaskInScope(scope, taskId);
    const [latest] = await this.prisma.$queryRaw<SupervisionNoticeRow[]>(
      selectTaskSupervisionNotices(taskId),
    );
    if (!latest) throw noSupervisionNotice();
    return this.documents.supervisionFile(latest);
  }
}
