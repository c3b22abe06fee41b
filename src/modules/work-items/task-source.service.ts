import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { fromDbDate } from '../../common/time/local-date';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { Scope } from '../auth/scope';
import { EvidenceStorage } from '../requests/evidence-storage.service';
import type { TaskSourceDto } from './dto/work-view.dto';
import { documentMissing } from './work-items.errors';

/**
 * Where a task comes from, for everyone who may see the task (the liaison acts on a leader's
 * instruction and needs its words and its document): the source, the document's number, date and
 * leader, and the instruction's document itself.
 */
@Injectable()
export class TaskSourceService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: AccessPolicyService,
    private readonly storage: EvidenceStorage,
  ) {}

  async sourceOf(scope: Scope, taskId: string): Promise<TaskSourceDto> {
    await this.access.assertTaskInScope(scope, taskId);
    const task = await this.prisma.task.findUniqueOrThrow({
      where: { id: taskId },
      select: {
        source: true,
        plan: {
          select: {
            id: true,
            title: true,
            documentNumber: true,
            issuedOn: true,
            leaderId: true,
          },
        },
      },
    });
    const [leader, doc] = await Promise.all([
      task.plan.leaderId
        ? this.prisma.person.findUnique({
            where: { id: task.plan.leaderId },
            select: { displayName: true },
          })
        : null,
      this.document(taskId),
    ]);
    return {
      source: task.source,
      containerId: task.plan.id,
      title: task.plan.title,
      documentNumber: task.plan.documentNumber,
      issuedOn: task.plan.issuedOn ? fromDbDate(task.plan.issuedOn) : null,
      leaderName: leader?.displayName ?? null,
      document: doc ? { fileName: doc.fileName ?? '', size: doc.size ?? 0 } : null,
    };
  }

  /** The instruction's document of the task: its file on disk, name and type (404 when none). */
  async documentFile(
    scope: Scope,
    taskId: string,
  ): Promise<{ path: string; fileName: string; mimeType: string }> {
    await this.access.assertTaskInScope(scope, taskId);
    const doc = await this.document(taskId);
    if (!doc?.storedPath) throw documentMissing();
    return {
      // The stored name is the content hash (never the uploaded name): it stays in the directory.
      path: join(this.storage.dir, doc.storedPath),
      fileName: doc.fileName ?? 'document',
      mimeType: doc.mimeType ?? 'application/octet-stream',
    };
  }

  private document(taskId: string) {
    return this.prisma.evidence.findFirst({
      where: {
        taskId,
        requestId: null,
        reportId: null,
        kind: 'FILE',
        task: { source: 'INSTRUCTION' },
      },
      orderBy: { createdAt: 'asc' },
    });
  }
}
