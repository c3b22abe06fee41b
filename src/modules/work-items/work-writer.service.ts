import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import { toDbDate } from '../../common/time/local-date';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import type { PreviewItem } from '../plans/plan-import.types';
import { assignmentsFor, writeAssignments, writeTasks } from '../plans/plan-tasks.writer';
import { RemindersService } from '../reminders/reminders.service';
import { WORK_SOURCE_LABELS } from '../tasks/work-source';
import type { ResolvedContainer, ResolvedItem } from './work-input';
import { insertDocumentEvidence, setTaskSource } from './work-items.sql';

/** What one container's creation wrote. */
export interface WorkWritten {
  planId: string;
  taskIds: string[];
  reminders: { pending: number; skipped: number };
}

/**
 * The identity of a creation: the creator and their request token (a double click sends the same
 * one). Stored as the container's first version hash, whose unique key makes a second insert fail.
 */
export function creationKey(actorId: string, requestId: string | undefined): string {
  return createHash('sha256')
    .update(`work-item\u0000${actorId}\u0000${requestId ?? randomUUID()}`)
    .digest('hex');
}

/** An item as the plan writers take it: units are department ids already, so ids map to themselves. */
function asPreviewItem(item: ResolvedItem): PreviewItem {
  return {
    no: item.no,
    chapter: null,
    section: null,
    text: item.text,
    lead: item.lead,
    support: item.support,
    leaders: [],
    dueOn: item.dueOn,
    dueSource: item.dueOn === null ? 'ONGOING' : 'STATED',
    deadlines: [],
    targets: [],
    corrected: false,
    review: [],
    reviewStatus: 'none',
  };
}
const sameId = (id: string) => id;

/**
 * Writes new work in one transaction: per container the `plan` row of its source, its first
 * version, tasks with the source, assignments (lead first, in given order), the source document
 * as evidence, the deadline reminders under its policy, and the audit record. Nothing is written
 * if any part fails. The follow-ups (notices, acknowledgement, enqueueing) are the caller's, after.
 */
@Injectable()
export class WorkWriterService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
  ) {}

  write(
    containers: ResolvedContainer[],
    ctx: { actorId: string; regionId: string | null; now: Date; channel: string },
  ): Promise<WorkWritten[]> {
    return this.prisma.$transaction(
      async (tx) => {
        const out: WorkWritten[] = [];
        for (const c of containers) out.push(await this.writeOne(tx, c, ctx));
        return out;
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  }

  /** The container an earlier request with this key created (a double click), if any. */
  async findByKey(key: string): Promise<string | null> {
    const v = await this.prisma.planVersion.findUnique({
      where: { contentHash: key },
      select: { planId: true },
    });
    return v?.planId ?? null;
  }

  private async writeOne(
    tx: Tx,
    c: ResolvedContainer,
    ctx: { actorId: string; regionId: string | null; now: Date; channel: string },
  ): Promise<WorkWritten> {
    const { now, actorId } = ctx;
    const planId = randomUUID();
    const key = creationKey(actorId, c.requestId);
    // How the container is named as a document (plan.source_name).
    const sourceName = WORK_SOURCE_LABELS[c.source];
    await tx.plan.create({
      data: {
        id: planId,
        title: c.title,
        documentNumber: c.documentNumber,
        issuedOn: c.issuedOn ? toDbDate(c.issuedOn) : null,
        contentHash: key,
        sourceName,
        policy: c.policy as unknown as Prisma.InputJsonValue,
        importedAt: now,
        publishedAt: now,
        regionId: ctx.regionId,
        source: c.source,
        leaderId: c.leaderId,
        createdById: actorId,
      },
    });
    await tx.planVersion.create({
      data: { planId, version: 1, contentHash: key, sourceName, importedAt: now },
    });
    const tasks = c.items.map((item) => ({ id: randomUUID(), item: asPreviewItem(item) }));
    await writeTasks(tx, planId, tasks, { chapterIds: new Map(), sectionIds: new Map() }, now);
    await tx.$executeRaw(setTaskSource(planId, c.source));
    await writeAssignments(
      tx,
      tasks.flatMap((t) => assignmentsFor(t.id, t.item, sameId)),
    );
    if (c.document) await tx.$executeRaw(insertDocumentEvidence(planId, c.document, actorId, now));
    const reminders = await this.reminders.planForPlans(tx, [planId], now, c.policy);
    await this.audit.record(tx, {
      actorId,
      action: 'work.created',
      entityType: 'plan',
      entityId: planId,
      data: {
        source: c.source,
        channel: ctx.channel,
        title: c.title,
        documentNumber: c.documentNumber,
        issuedOn: c.issuedOn,
        leaderId: c.leaderId,
        document: c.document ? { fileName: c.document.fileName, sha256: c.document.sha256 } : null,
        items: c.items.map((i, n) => ({ ...i, taskId: tasks[n]!.id })),
        reminders,
      },
    });
    return { planId, taskIds: tasks.map((t) => t.id), reminders };
  }
}
