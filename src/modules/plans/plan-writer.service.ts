import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import { toDbDate } from '../../common/time/local-date';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { DepartmentsService } from '../departments/departments.service';
import { unitKey } from '../departments/unit-directory';
import { RemindersService } from '../reminders/reminders.service';
import type { PlanAnalysis, PlanImportInput } from './plan-import.types';
import { policyFromDocument } from './plan-items';
import { PlanRevisionService } from './plan-revision.service';
import {
  assignmentsFor,
  DepartmentIdOf,
  PlanWritten,
  writeAssignments,
  writeOutline,
  writeTasks,
} from './plan-tasks.writer';
import { nameToCreate } from './unit-resolution';

/**
 * Writes an analysed plan in one transaction with set-based inserts: the units the import creates
 * (through the departments module), then a new plan (chapters, sections, tasks, assignments,
 * reminders) or a revision of a known one, its version row and the audit record. A failure leaves
 * the database as it was. Reminders are only planned here: enqueueing is the caller's, after commit.
 */
@Injectable()
export class PlanWriterService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly departments: DepartmentsService,
    private readonly revisions: PlanRevisionService,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
  ) {}

  write(
    a: PlanAnalysis,
    input: PlanImportInput,
    now: Date,
    actorId: string | null,
  ): Promise<PlanWritten> {
    return this.prisma.$transaction((tx) => this.writeIn(tx, a, input, now, actorId), {
      timeout: 120_000,
      maxWait: 10_000,
    });
  }

  private async writeIn(
    tx: Tx,
    a: PlanAnalysis,
    input: PlanImportInput,
    now: Date,
    actorId: string | null,
  ): Promise<PlanWritten> {
    const departmentIdOf = await this.writeDirectory(tx, a);
    const result = a.revisionOf
      ? await this.revisions.apply(tx, a, a.revisionOf, departmentIdOf, now, actorId)
      : await this.createPlan(tx, a, input, departmentIdOf, now);
    await tx.planVersion.create({
      data: {
        planId: result.planId,
        version: result.version,
        contentHash: a.contentHash,
        sourceName: input.sourceName,
        diff: (a.diff ?? {}) as unknown as Prisma.InputJsonValue,
        importedAt: now,
      },
    });
    await this.audit.record(tx, {
      actorId,
      action: a.revisionOf ? 'plan.revised' : 'plan.imported',
      entityType: 'plan',
      entityId: result.planId,
      data: {
        sourceName: input.sourceName,
        contentHash: a.contentHash,
        version: result.version,
        ...a.counts,
        diff: a.diff,
        corrections: a.corrections,
        // Who looked at what: items confirmed as read (one by one or all at once) and items corrected.
        review: {
          items: a.review.items,
          confirmed: a.review.confirmed,
          corrected: a.review.corrected,
          skipped: a.review.skipped,
          confirmedAll: a.review.confirmedAll,
        },
        reminders: result.reminders,
      },
    });
    return result;
  }

  /**
   * Creates the units the import may create, saves aliases the administrator confirmed, and returns
   * the resolver from a printed unit to its department id.
   */
  private async writeDirectory(tx: Tx, a: PlanAnalysis): Promise<DepartmentIdOf> {
    const region = a.regionId ? { id: a.regionId, name: a.regionName! } : null;
    const created = await this.departments.createMissingUnits(
      tx,
      region,
      [...a.units.values()]
        .filter((u) => u.willBeCreated)
        .map((u) => ({ name: nameToCreate(u), isCollective: u.isCollective })),
    );
    await this.departments.saveAliases(
      tx,
      (a.corrections.units ?? [])
        .filter((c) => c.departmentId && c.saveAlias !== false)
        .map((c) => ({ alias: c.printed, departmentId: c.departmentId! })),
    );
    const resolved = new Map<string, string>();
    for (const [key, u] of a.units) {
      const id = u.departmentId ?? created.get(nameToCreate(u));
      if (id) resolved.set(key, id);
    }
    return (printed: string) => {
      const id = resolved.get(unitKey(printed));
      if (!id) throw new Error(`unit ${printed} has no department after the directory was written`);
      return id;
    };
  }

  private async createPlan(
    tx: Tx,
    a: PlanAnalysis,
    input: PlanImportInput,
    departmentIdOf: DepartmentIdOf,
    now: Date,
  ): Promise<PlanWritten> {
    const planId = randomUUID();
    await tx.plan.create({
      data: {
        id: planId,
        title: a.parsed.title,
        documentNumber: a.parsed.documentNumber,
        issuedOn: a.parsed.issuedOn ? toDbDate(a.parsed.issuedOn) : null,
        contentHash: a.contentHash,
        sourceName: input.sourceName,
        defaultDueOn: input.defaultDueOn ? toDbDate(input.defaultDueOn) : null,
        policy: policyFromDocument(a.items) as unknown as Prisma.InputJsonValue,
        warnings: a.parsed.warnings as unknown as Prisma.InputJsonValue,
        publishedAt: now,
        regionId: input.regionId ?? null,
      },
    });
    const outline = await writeOutline(tx, planId, a.items, new Map(), new Map());
    const tasks = a.items.map((item) => ({ id: randomUUID(), item }));
    await writeTasks(tx, planId, tasks, outline, now);
    const assignments = tasks.flatMap((t) => assignmentsFor(t.id, t.item, departmentIdOf));
    await writeAssignments(tx, assignments);
    const reminders = await this.reminders.planForAssignments(
      tx,
      tasks.flatMap((t) =>
        t.item.dueOn === null
          ? []
          : assignments
              .filter((x) => x.taskId === t.id)
              .map((x) => ({ assignmentId: x.id, dueOn: t.item.dueOn! })),
      ),
      now,
    );
    return { planId, version: 1, reminders };
  }
}
