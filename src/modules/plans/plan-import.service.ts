import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import type { DueSource } from '../../generated/prisma/enums';
import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { fromDbDate, isLocalDate, toDbDate } from '../../common/time/local-date';
import { RemindersService } from '../reminders/reminders.service';
import { TasksService } from '../tasks/tasks.service';
import type { ParsedPlan, PlanItem } from './import/plan-document.types';
import { isPlanParseError } from './import/plan-parse.errors';
import { readPlan } from './plan-reading';
import { formatItemNos, reviewFirst, reviewOutcome, reviewStatus } from './plan-review';
import type { ReviewOutcome } from './plan-review';
import type {
  ImportCorrections,
  PlanDiff,
  PlanImportCounts,
  PlanImportInput,
  PlanImportPreview,
  PlanImportResult,
  PreviewItem,
  PreviewUnit,
} from './plan-import.types';
import { isCollectiveUnit, UnitDirectory, unitKey } from '../departments/unit-directory';

interface RevisionTarget {
  planId: string;
  version: number;
}

interface Analysis {
  parsed: ParsedPlan;
  /** The region whose directory the units are matched against; null = the top office's. */
  regionId: string | null;
  regionName: string | null;
  contentHash: string;
  existingPlanId: string | null;
  revisionOf: RevisionTarget | null;
  diff: PlanDiff | null;
  directoryEmpty: boolean;
  /** By unit key. */
  units: Map<string, PreviewUnit>;
  items: PreviewItem[];
  counts: PlanImportCounts;
  corrections: ImportCorrections;
  review: ReviewOutcome;
}

const invalid = (field: string, reason: string, message: string) =>
  new DomainException(ErrorCode.VALIDATION_FAILED, message, [{ field, reason }]);

/**
 * Turns a plan document into a plan, its chapters and sections, tasks, department assignments and
 * reminder schedule, in one transaction with set-based inserts. The administrator can correct the
 * reading (units, leads, deadlines, skipped items) between preview and commit. Re-importing a known
 * text changes nothing; a revised version of a plan (same document number) is applied as a diff that
 * keeps every task's reports; a failure leaves the database as it was.
 */
@Injectable()
export class PlanImportService {
  private readonly logger = new Logger(PlanImportService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
    private readonly tasks: TasksService,
  ) {}

  async preview(input: PlanImportInput): Promise<PlanImportPreview> {
    const a = await this.analyse(input);
    return {
      mode: 'preview',
      title: a.parsed.title,
      documentNumber: a.parsed.documentNumber,
      issuedOn: a.parsed.issuedOn,
      contentHash: a.contentHash,
      existingPlanId: a.existingPlanId,
      revisionOf: a.revisionOf,
      diff: a.diff,
      counts: a.counts,
      units: [...a.units.values()],
      unknownUnits: this.unknownUnits(a),
      reviewCount: a.items.filter((i) => i.review.length > 0).length,
      reviewItems: a.items.filter((i) => i.review.length > 0).map((i) => i.no),
      unconfirmedReviewItems: a.review.unconfirmed,
      items: reviewFirst(a.items),
      warnings: a.parsed.warnings,
    };
  }

  async commit(input: PlanImportInput, actorId: string | null): Promise<PlanImportResult> {
    const a = await this.analyse(input);
    if (a.existingPlanId) return this.unchanged(a, a.existingPlanId);
    // A reading the parser was unsure of is written only once a person has looked at it. Checked
    // before the leads: an item with no units is flagged, and looking at it is how it gets a lead.
    if (a.review.unconfirmed.length > 0) throw reviewNotConfirmed(a);
    // A task nobody leads would be supervised by nobody: the administrator names a lead or skips it.
    const leaderless = a.items.filter((i) => i.lead.length === 0).map((i) => i.no);
    if (leaderless.length > 0) {
      throw new DomainException(
        ErrorCode.ITEMS_WITHOUT_LEAD,
        `第${leaderless.join('、')}项没有读到牵头单位。请在预览中为这些事项指定牵头单位,或选择不导入。`,
        { items: leaderless },
      );
    }
    const unknown = this.unknownUnits(a);
    if (unknown.length > 0 && !input.createUnknownUnits) {
      throw new DomainException(
        ErrorCode.UNKNOWN_UNITS,
        `方案中有 ${unknown.length} 个单位不在单位名录中:${unknown.join('、')}。请在预览中为每个单位选择对应的部门或确认新建后再导入。`,
        { unknownUnits: unknown },
      );
    }
    const now = this.clock.now();
    let outcome: {
      planId: string;
      version: number;
      reminders: { pending: number; skipped: number };
    };
    try {
      outcome = await this.prisma.$transaction((tx) => this.write(tx, a, input, now, actorId), {
        timeout: 120_000,
        maxWait: 10_000,
      });
    } catch (err) {
      // A concurrent import of the same document won the race: same outcome as a re-import.
      const existing = await this.findPlanByHash(a.contentHash);
      if (existing) return this.unchanged(a, existing);
      throw err;
    }
    // Side effects after commit: Redis only ever sees reminders that exist in PostgreSQL.
    await this.reminders.enqueueDue();
    this.logger.log(
      { planId: outcome.planId, version: outcome.version, ...a.counts, ...outcome.reminders },
      a.revisionOf ? 'plan revision applied' : 'plan imported',
    );
    return {
      mode: 'commit',
      planId: outcome.planId,
      created: true,
      version: outcome.version,
      diff: a.diff,
      counts: a.counts,
      reminders: outcome.reminders,
      warnings: a.parsed.warnings,
    };
  }

  private unchanged(a: Analysis, planId: string): PlanImportResult {
    return {
      mode: 'commit',
      planId,
      created: false,
      version: a.revisionOf?.version ?? 1,
      diff: null,
      counts: { ...a.counts, newUnits: 0 },
      reminders: { pending: 0, skipped: 0 },
      warnings: a.parsed.warnings,
    };
  }

  /** Units that match nothing and that nobody has decided about yet. */
  private unknownUnits(a: Analysis): string[] {
    return [...a.units.values()]
      .filter((u) => !u.departmentId && !u.willBeCreated)
      .map((u) => u.printed);
  }

  private async findPlanByHash(contentHash: string): Promise<string | null> {
    const version = await this.prisma.planVersion.findUnique({
      where: { contentHash },
      select: { planId: true },
    });
    return version?.planId ?? null;
  }

  private async analyse(input: PlanImportInput): Promise<Analysis> {
    if (input.defaultDueOn !== undefined && !isLocalDate(input.defaultDueOn)) {
      throw new DomainException(
        ErrorCode.INVALID_DEFAULT_DEADLINE,
        `默认截止日期“${input.defaultDueOn}”格式不正确,应为 YYYY-MM-DD,例如 2026-12-31`,
        [{ field: 'defaultDueOn', reason: '必须是日期,格式为 YYYY-MM-DD' }],
      );
    }
    let parsed: ParsedPlan;
    try {
      parsed = await readPlan(input.content, input.sourceName);
    } catch (err) {
      if (isPlanParseError(err)) {
        throw new DomainException(err.code as ErrorCode, err.message, {
          file: input.sourceName,
          line: err.line ?? null,
          cell: err.cell ?? null,
        });
      }
      throw err;
    }
    const corrections = input.corrections ?? {};
    const regionId = input.regionId ?? null;
    const region = regionId
      ? await this.prisma.region.findUnique({ where: { id: regionId } })
      : null;
    if (regionId && !region) {
      throw invalid('regionId', '地区不存在', '所选地区不存在,请先在地区管理中创建该地区');
    }
    // The identity of a document is what it says, not how it was encoded or laid out, nor the
    // reader's doubts about it (`review`): a reader that only learns to flag better changes nothing.
    const said = parsed.items.map(({ review: _review, ...item }) => item);
    const contentHash = createHash('sha256')
      .update(JSON.stringify([parsed.title, parsed.documentNumber, parsed.issuedOn, said]))
      .digest('hex');
    const [existingPlanId, departments, aliases, revisionOf] = await Promise.all([
      this.findPlanByHash(contentHash),
      // A region's plan names that region's departments (市民政局 is 南京市民政局 in 南京市's plan).
      this.prisma.department.findMany({
        where: { regionId },
        select: { id: true, name: true, isCollective: true },
      }),
      this.prisma.departmentAlias.findMany({
        where: { department: { regionId } },
        select: { alias: true, departmentId: true },
      }),
      this.findRevisionTarget(parsed, regionId),
    ]);
    const directory = new UnitDirectory(departments, aliases);
    const departmentIds = new Set(departments.map((d) => d.id));
    const confirmAll = input.confirmAllReview === true;
    const correctionOf = new Map((corrections.items ?? []).map((c) => [c.no, c]));
    const items = applyItemCorrections(parsed.items, corrections, input.defaultDueOn ?? null).map(
      (item) => ({
        ...item,
        reviewStatus: reviewStatus(item, correctionOf.get(item.no), confirmAll),
      }),
    );
    const review = reviewOutcome(parsed.items, corrections, confirmAll);
    const units = resolveUnits(items, directory, departmentIds, corrections, input);

    const chapters = new Set(items.map((i) => i.chapter).filter((c) => c !== null));
    const sections = new Set(
      items.filter((i) => i.section !== null).map((i) => `${i.chapter}\u0000${i.section}`),
    );
    const counts: PlanImportCounts = {
      items: items.length,
      chapters: chapters.size,
      sections: sections.size,
      assignments: items.reduce((n, i) => n + distinctUnits(i).length, 0),
      units: units.size,
      newUnits: [...units.values()].filter((u) => u.willBeCreated).length,
    };
    const diff =
      revisionOf && !existingPlanId
        ? await this.diffAgainst(revisionOf.planId, items, units)
        : null;
    return {
      parsed,
      regionId,
      regionName: region?.name ?? null,
      contentHash,
      existingPlanId,
      revisionOf: existingPlanId ? null : revisionOf,
      diff,
      directoryEmpty: directory.isEmpty,
      units,
      items,
      counts,
      corrections,
      review,
    };
  }

  /** A document with the number of a plan already imported is a new version of that plan. */
  private async findRevisionTarget(
    parsed: ParsedPlan,
    regionId: string | null,
  ): Promise<RevisionTarget | null> {
    if (!parsed.documentNumber) return null;
    const plan = await this.prisma.plan.findFirst({
      // Two regions may issue documents with one number; each revises only its own.
      where: { documentNumber: parsed.documentNumber, regionId },
      orderBy: { importedAt: 'asc' },
      select: { id: true, version: true },
    });
    return plan ? { planId: plan.id, version: plan.version } : null;
  }

  private async diffAgainst(
    planId: string,
    items: PreviewItem[],
    units: Map<string, PreviewUnit>,
  ): Promise<PlanDiff> {
    const tasks = await this.prisma.task.findMany({
      where: { planId },
      include: { assignments: { where: { removedAt: null } } },
    });
    const byNo = new Map(tasks.map((t) => [t.no, t]));
    const unitRef = (printed: string) => {
      const u = units.get(unitKey(printed));
      return u?.departmentId ?? `new:${unitKey(printed)}`;
    };
    const diff: PlanDiff = { added: [], changed: [], removed: [], unchanged: 0 };
    for (const item of items) {
      const task = byNo.get(item.no);
      if (!task) {
        diff.added.push(item.no);
        continue;
      }
      const fields: PlanDiff['changed'][number]['fields'] = [];
      if (task.status === 'WITHDRAWN') fields.push('restored');
      if (task.text !== item.text) fields.push('text');
      const current = (role: 'LEAD' | 'SUPPORT') =>
        task.assignments
          .filter((x) => x.role === role)
          .map((x) => x.departmentId)
          .sort();
      if (!sameSet(current('LEAD'), item.lead.map(unitRef))) fields.push('lead');
      if (!sameSet(current('SUPPORT'), item.support.map(unitRef))) fields.push('support');
      if ((task.dueOn ? fromDbDate(task.dueOn) : null) !== item.dueOn) fields.push('dueOn');
      if (fields.length > 0) diff.changed.push({ no: item.no, fields });
      else diff.unchanged += 1;
    }
    const seen = new Set(items.map((i) => i.no));
    diff.removed = tasks
      .filter((t) => !seen.has(t.no) && t.status !== 'WITHDRAWN')
      .map((t) => t.no)
      .sort((x, y) => x - y);
    return diff;
  }

  private async write(
    tx: Tx,
    a: Analysis,
    input: PlanImportInput,
    now: Date,
    actorId: string | null,
  ): Promise<{ planId: string; version: number; reminders: { pending: number; skipped: number } }> {
    const departmentIdOf = await this.writeDirectory(tx, a);
    const result = a.revisionOf
      ? await this.applyRevision(tx, a, a.revisionOf, departmentIdOf, now, actorId)
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
  private async writeDirectory(tx: Tx, a: Analysis): Promise<(printed: string) => string> {
    // A region's document prints 市民政局; the directory keeps 南京市民政局, unique across regions.
    const stored = (name: string) =>
      a.regionName ? name.replace(/^(市|县|区)(?=\S)/, a.regionName) : name;
    const toCreate = [...a.units.values()].filter((u) => u.willBeCreated);
    if (toCreate.length > 0) {
      await tx.$executeRaw`
        INSERT INTO department (id, name, is_collective, region_id)
        SELECT gen_random_uuid(), n, c, ${a.regionId}::uuid
        FROM unnest(${toCreate.map((u) => stored(u.departmentName ?? u.printed))}::text[], ${toCreate.map((u) => u.isCollective)}::boolean[]) AS t(n, c)
        ON CONFLICT (name) DO NOTHING`;
    }
    const aliases = (a.corrections.units ?? []).filter(
      (c) => c.departmentId && c.saveAlias !== false,
    );
    if (aliases.length > 0) {
      await tx.$executeRaw`
        INSERT INTO department_alias (alias, department_id)
        SELECT al, d FROM unnest(${aliases.map((c) => c.printed.trim())}::text[], ${aliases.map((c) => c.departmentId!)}::uuid[]) AS t(al, d)
        WHERE NOT EXISTS (SELECT 1 FROM department x WHERE x.name = al)
        ON CONFLICT (alias) DO NOTHING`;
    }
    const byName = new Map(
      (
        await tx.department.findMany({
          where: { regionId: a.regionId },
          select: { id: true, name: true },
        })
      ).map((d) => [d.name, d.id]),
    );
    const resolved = new Map<string, string>();
    for (const [key, u] of a.units) {
      const id = u.departmentId ?? byName.get(stored(u.departmentName ?? u.printed));
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
    a: Analysis,
    input: PlanImportInput,
    departmentIdOf: (printed: string) => string,
    now: Date,
  ): Promise<{ planId: string; version: number; reminders: { pending: number; skipped: number } }> {
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
    await insertTasks(tx, planId, tasks, outline, now);
    const assignments = tasks.flatMap((t) => assignmentsFor(t.id, t.item, departmentIdOf));
    await insertAssignments(tx, assignments);
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

  /**
   * Applies a revised version: new items become tasks, changed items are updated in place (their
   * reports stay), departments no longer named are marked removed (not deleted: their reports stay),
   * items no longer in the plan are withdrawn. Reminders follow the new deadlines.
   */
  private async applyRevision(
    tx: Tx,
    a: Analysis,
    target: RevisionTarget,
    departmentIdOf: (printed: string) => string,
    now: Date,
    actorId: string | null,
  ): Promise<{ planId: string; version: number; reminders: { pending: number; skipped: number } }> {
    const { planId } = target;
    // The diff was computed against `target.version`: if another revision landed since, stop.
    const bumped = await tx.plan.updateMany({
      where: { id: planId, version: target.version },
      data: {
        title: a.parsed.title,
        issuedOn: a.parsed.issuedOn ? toDbDate(a.parsed.issuedOn) : null,
        contentHash: a.contentHash,
        version: target.version + 1,
        warnings: a.parsed.warnings as unknown as Prisma.InputJsonValue,
      },
    });
    if (bumped.count === 0) {
      throw new DomainException(
        ErrorCode.CONFLICT,
        '该方案刚刚被另一次导入修改过,请重新预览后再提交',
      );
    }
    const plan = { version: target.version + 1 };
    const [chapters, sections, tasks] = await Promise.all([
      tx.chapter.findMany({ where: { planId } }),
      tx.section.findMany({ where: { planId } }),
      tx.task.findMany({ where: { planId }, include: { assignments: true } }),
    ]);
    const outline = await writeOutline(
      tx,
      planId,
      a.items,
      new Map(chapters.map((c) => [c.title, { id: c.id, ordinal: c.ordinal }])),
      new Map(
        sections.map((s) => [`${s.chapterId}\u0000${s.title}`, { id: s.id, ordinal: s.ordinal }]),
      ),
    );
    const byNo = new Map(tasks.map((t) => [t.no, t]));
    const changedNos = new Set((a.diff?.changed ?? []).map((c) => c.no));

    // New items.
    const added = a.items
      .filter((i) => !byNo.has(i.no))
      .map((item) => ({ id: randomUUID(), item }));
    await insertTasks(tx, planId, added, outline, now);
    const newAssignments = added.flatMap((t) => assignmentsFor(t.id, t.item, departmentIdOf));

    // Changed items: task rows, then their assignments.
    const changed = a.items
      .filter((i) => changedNos.has(i.no))
      .map((item) => ({ item, task: byNo.get(item.no)! }));
    if (changed.length > 0) {
      const rows = changed.map(({ item, task }) => ({
        id: task.id,
        ...taskColumns(item, outline),
      }));
      await tx.$executeRaw`
        UPDATE task t SET text = x.txt, due_on = x.due::date, due_source = x.src::"DueSource",
               deadlines = x.dl::jsonb, targets = x.tg::jsonb,
               leaders = ARRAY(SELECT jsonb_array_elements_text(x.ld::jsonb)),
               chapter_id = x.c, section_id = x.s,
               updated_at = ${now}
        FROM unnest(
          ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.text)}::text[], ${rows.map((r) => r.dueOn)}::text[],
          ${rows.map((r) => r.dueSource)}::text[], ${rows.map((r) => r.deadlines)}::text[], ${rows.map((r) => r.targets)}::text[],
          ${rows.map((r) => r.leaders)}::text[], ${rows.map((r) => r.chapterId)}::uuid[], ${rows.map((r) => r.sectionId)}::uuid[]
        ) AS x(id, txt, due, src, dl, tg, ld, c, s)
        WHERE t.id = x.id`;
    }
    // Items a previous revision withdrew and this one contains again start afresh.
    const restored = changed
      .filter(({ task }) => task.status === 'WITHDRAWN')
      .map(({ task }) => task.id);
    await this.tasks.moveMany(tx, restored, 'REINSTATE', {
      actorId,
      reason: '修订后的方案重新包含该事项',
    });
    const reactivated: { id: string; role: 'LEAD' | 'SUPPORT'; ordinal: number }[] = [];
    const removedAssignmentIds: string[] = [];
    const remind: { assignmentId: string; dueOn: string }[] = [];
    const movedDeadlineTaskIds: string[] = [];
    for (const { item, task } of changed) {
      const wanted = assignmentsFor(task.id, item, departmentIdOf);
      const current = new Map(task.assignments.map((x) => [x.departmentId, x]));
      const dueMoved = (task.dueOn ? fromDbDate(task.dueOn) : null) !== item.dueOn;
      if (dueMoved) movedDeadlineTaskIds.push(task.id);
      for (const w of wanted) {
        const existing = current.get(w.departmentId);
        if (!existing) {
          newAssignments.push(w);
          continue;
        }
        if (existing.removedAt || existing.role !== w.role || existing.ordinal !== w.ordinal) {
          reactivated.push({ id: existing.id, role: w.role, ordinal: w.ordinal });
        }
        if (item.dueOn && (dueMoved || existing.removedAt)) {
          remind.push({ assignmentId: existing.id, dueOn: item.dueOn });
        }
      }
      const wantedDepartments = new Set(wanted.map((w) => w.departmentId));
      for (const x of task.assignments) {
        if (!x.removedAt && !wantedDepartments.has(x.departmentId)) removedAssignmentIds.push(x.id);
      }
    }
    await insertAssignments(tx, newAssignments);
    if (reactivated.length > 0) {
      await tx.$executeRaw`
        UPDATE assignment a SET removed_at = NULL, role = x.r::"AssignmentRole", ordinal = x.o
        FROM unnest(${reactivated.map((r) => r.id)}::uuid[], ${reactivated.map((r) => r.role)}::text[], ${reactivated.map((r) => r.ordinal)}::int[]) AS x(id, r, o)
        WHERE a.id = x.id`;
    }
    if (removedAssignmentIds.length > 0) {
      await tx.$executeRaw`
        UPDATE assignment SET removed_at = ${now} WHERE id = ANY(${removedAssignmentIds}::uuid[])`;
      await this.reminders.cancelForAssignments(
        tx,
        removedAssignmentIds,
        '修订后的方案不再由该单位承担',
      );
    }
    if (movedDeadlineTaskIds.length > 0) {
      await this.reminders.cancelForTasks(tx, movedDeadlineTaskIds, '截止日期已随方案修订调整', {
        deadlineOnly: true,
      });
    }

    // Items no longer in the plan.
    const removedNos = new Set(a.diff?.removed ?? []);
    const withdrawn = tasks.filter((t) => removedNos.has(t.no)).map((t) => t.id);
    if (withdrawn.length > 0) {
      await this.tasks.moveMany(tx, withdrawn, 'WITHDRAW', {
        actorId,
        reason: '该事项已从修订后的方案中删除',
      });
      await this.reminders.cancelForTasks(tx, withdrawn, '该事项已从修订后的方案中删除');
    }

    const dueOf = new Map(a.items.map((i) => [i.no, i.dueOn]));
    const taskNo = new Map([
      ...added.map((t) => [t.id, t.item.no] as const),
      ...tasks.map((t) => [t.id, t.no] as const),
    ]);
    for (const x of newAssignments) {
      const dueOn = dueOf.get(taskNo.get(x.taskId)!);
      if (dueOn) remind.push({ assignmentId: x.id, dueOn });
    }
    const reminders = await this.reminders.planForAssignments(tx, remind, now);
    return { planId, version: plan.version, reminders };
  }
}

// ——— reading, corrections and unit resolution (pure) ———

function reviewNotConfirmed(a: Analysis): DomainException {
  const pending = new Set(a.review.unconfirmed);
  const items = a.parsed.items
    .filter((i) => pending.has(i.no))
    .map((i) => ({ no: i.no, reasons: i.review ?? [] }));
  return new DomainException(
    ErrorCode.REVIEW_NOT_CONFIRMED,
    `第${formatItemNos(a.review.unconfirmed)}项(共 ${items.length} 项)的识别结果需要人工核对,尚未确认。` +
      '请在预览中逐项核对,确认无误的勾选“确认无误”,有误的更正其牵头单位和配合单位,然后再导入。',
    { items: a.review.unconfirmed, review: items },
  );
}

/**
 * A reporting cadence the document states for its items (每月28日前报送, 每季度…) becomes the plan's
 * reporting policy: the most common one wins. Otherwise the plan keeps the defaults ({}).
 */
export function policyFromDocument(items: PreviewItem[]): Record<string, unknown> {
  const counts = new Map<
    string,
    { cadence: 'monthly' | 'quarterly'; dueDay?: number; n: number }
  >();
  for (const item of items) {
    for (const d of item.deadlines) {
      const every = d.cadence?.every;
      if (every !== 'month' && every !== 'quarter') continue;
      const cadence = every === 'month' ? ('monthly' as const) : ('quarterly' as const);
      const key = `${cadence}-${d.cadence?.day ?? ''}`;
      const c = counts.get(key) ?? { cadence, dueDay: d.cadence?.day, n: 0 };
      c.n += 1;
      counts.set(key, c);
    }
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  if (!best) return {};
  return { reporting: { cadence: best.cadence, ...(best.dueDay ? { dueDay: best.dueDay } : {}) } };
}

function sameSet(a: string[], b: string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Units of an item in printed order, each once (a unit printed twice is one assignment). */
function distinctUnits(item: { lead: string[]; support: string[] }): string[] {
  const seen = new Set<string>();
  return [...item.lead, ...item.support].filter((u) => {
    const key = unitKey(u);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The task's deadline: the earliest dated deadline stated on the item (the first point at which the
 * office can find it late); otherwise the plan default given at import; otherwise ongoing.
 */
function toPreviewItem(item: PlanItem, defaultDueOn: string | null): PreviewItem {
  const dated = item.deadlines
    .filter((d) => d.kind !== 'recurring' && d.date !== null)
    .map((d) => d.date!)
    .sort();
  const [stated] = dated;
  const dueSource: DueSource = stated ? 'STATED' : defaultDueOn ? 'PLAN_DEFAULT' : 'ONGOING';
  return {
    no: item.no,
    chapter: item.chapter,
    section: item.section,
    text: item.text,
    lead: item.lead,
    support: item.support,
    leaders: item.leaders ?? [],
    dueOn: stated ?? defaultDueOn,
    dueSource,
    deadlines: item.deadlines,
    targets: item.targets,
    corrected: false,
    review: item.review ?? [],
    reviewStatus: item.review?.length ? 'pending' : 'none',
  };
}

function applyItemCorrections(
  items: PlanItem[],
  corrections: ImportCorrections,
  defaultDueOn: string | null,
): PreviewItem[] {
  const byNo = new Map((corrections.items ?? []).map((c, i) => [c.no, { c, i }]));
  const known = new Set(items.map((i) => i.no));
  for (const [no, { i }] of byNo) {
    if (!known.has(no)) {
      throw invalid(
        `corrections.items[${i}].no`,
        '方案中没有这一项',
        `更正内容有误:方案中没有第${no}项`,
      );
    }
  }
  const out: PreviewItem[] = [];
  for (const item of items) {
    const base = toPreviewItem(item, defaultDueOn);
    const hit = byNo.get(item.no);
    if (!hit) {
      out.push(base);
      continue;
    }
    const { c, i } = hit;
    if (c.skip) continue;
    if (c.dueOn !== undefined && c.dueOn !== null && !isLocalDate(c.dueOn)) {
      throw invalid(
        `corrections.items[${i}].dueOn`,
        '必须是日期,格式为 YYYY-MM-DD',
        `更正内容有误:第${item.no}项的截止日期应为 YYYY-MM-DD 格式`,
      );
    }
    // A confirmation alone changes nothing; an item still without a lead is refused at commit
    // (ITEMS_WITHOUT_LEAD), where the administrator is told to name one or skip it.
    if (c.lead === undefined && c.support === undefined && c.dueOn === undefined) {
      out.push(base);
      continue;
    }
    const lead = c.lead ?? base.lead;
    if (c.lead !== undefined && lead.length === 0) {
      throw invalid(
        `corrections.items[${i}].lead`,
        '至少需要一个牵头单位',
        `更正内容有误:第${item.no}项至少需要一个牵头单位`,
      );
    }
    const dueOn = c.dueOn === undefined ? base.dueOn : c.dueOn;
    out.push({
      ...base,
      lead,
      support: c.support ?? base.support,
      dueOn,
      dueSource: c.dueOn === undefined ? base.dueSource : dueOn === null ? 'ONGOING' : 'STATED',
      corrected: true,
    });
  }
  return out;
}

function resolveUnits(
  items: PreviewItem[],
  directory: UnitDirectory,
  departmentIds: Set<string>,
  corrections: ImportCorrections,
  input: PlanImportInput,
): Map<string, PreviewUnit> {
  const unitCorrections = new Map(
    (corrections.units ?? []).map((c, i) => [unitKey(c.printed), { c, i }]),
  );
  const units = new Map<string, PreviewUnit>();
  for (const item of items) {
    for (const printed of distinctUnits(item)) {
      const key = unitKey(printed);
      if (units.has(key)) continue;
      const m = directory.match(printed);
      const unit: PreviewUnit = {
        printed,
        departmentId: m.department?.id ?? null,
        departmentName: m.department?.name ?? null,
        matchedBy: m.matchedBy,
        isCollective: m.department?.isCollective ?? isCollectiveUnit(printed),
        willBeCreated: !m.department && (directory.isEmpty || input.createUnknownUnits === true),
        suggestions: m.department ? [] : directory.suggest(printed),
      };
      const hit = unitCorrections.get(key);
      if (hit) {
        const { c, i } = hit;
        if (c.departmentId) {
          if (!departmentIds.has(c.departmentId)) {
            throw invalid(
              `corrections.units[${i}].departmentId`,
              '单位名录中没有这个部门',
              `更正内容有误:为“${printed}”选择的部门不在单位名录中`,
            );
          }
          Object.assign(unit, {
            departmentId: c.departmentId,
            departmentName: null,
            matchedBy: 'correction',
            willBeCreated: false,
            suggestions: [],
          });
        } else if (c.create) {
          Object.assign(unit, {
            departmentId: null,
            departmentName: c.name?.trim() || printed,
            matchedBy: 'correction',
            willBeCreated: true,
            suggestions: [],
          });
        }
      }
      units.set(key, unit);
    }
  }
  const unused = [...unitCorrections.keys()].filter((k) => !units.has(k));
  if (unused.length > 0) {
    const { c, i } = unitCorrections.get(unused[0]!)!;
    throw invalid(
      `corrections.units[${i}].printed`,
      '方案中没有这个单位',
      `更正内容有误:方案中没有“${c.printed}”这个单位`,
    );
  }
  return units;
}

// ——— set-based writers ———

interface Outline {
  chapterIds: Map<string, string>;
  sectionIds: Map<string, string>;
}

/** Ensures the chapters and sections of these items exist (by title), returning their ids. */
async function writeOutline(
  tx: Tx,
  planId: string,
  items: PreviewItem[],
  chapters: Map<string, { id: string; ordinal: number }>,
  sectionsByChapter: Map<string, { id: string; ordinal: number }>,
): Promise<Outline> {
  const chapterIds = new Map([...chapters].map(([title, c]) => [title, c.id]));
  const sectionIds = new Map<string, string>();
  let nextChapter = Math.max(0, ...[...chapters.values()].map((c) => c.ordinal)) + 1;
  let nextSection = Math.max(0, ...[...sectionsByChapter.values()].map((s) => s.ordinal)) + 1;
  const newChapters: { id: string; ordinal: number; title: string }[] = [];
  const newSections: { id: string; chapterId: string; ordinal: number; title: string }[] = [];
  for (const item of items) {
    if (item.chapter === null) continue;
    if (!chapterIds.has(item.chapter)) {
      const id = randomUUID();
      chapterIds.set(item.chapter, id);
      newChapters.push({ id, ordinal: nextChapter++, title: item.chapter });
    }
    if (item.section === null) continue;
    const chapterId = chapterIds.get(item.chapter)!;
    const key = `${item.chapter}\u0000${item.section}`;
    if (sectionIds.has(key)) continue;
    const existing = sectionsByChapter.get(`${chapterId}\u0000${item.section}`);
    if (existing) {
      sectionIds.set(key, existing.id);
      continue;
    }
    const id = randomUUID();
    sectionIds.set(key, id);
    newSections.push({ id, chapterId, ordinal: nextSection++, title: item.section });
  }
  if (newChapters.length > 0) {
    await tx.$executeRaw`
      INSERT INTO chapter (id, plan_id, ordinal, title)
      SELECT id, ${planId}::uuid, o, t FROM unnest(${newChapters.map((c) => c.id)}::uuid[], ${newChapters.map((c) => c.ordinal)}::int[], ${newChapters.map((c) => c.title)}::text[]) AS x(id, o, t)`;
  }
  if (newSections.length > 0) {
    await tx.$executeRaw`
      INSERT INTO section (id, plan_id, chapter_id, ordinal, title)
      SELECT id, ${planId}::uuid, c, o, t FROM unnest(${newSections.map((s) => s.id)}::uuid[], ${newSections.map((s) => s.chapterId)}::uuid[], ${newSections.map((s) => s.ordinal)}::int[], ${newSections.map((s) => s.title)}::text[]) AS x(id, c, o, t)`;
  }
  return { chapterIds, sectionIds };
}

function taskColumns(item: PreviewItem, outline: Outline) {
  return {
    text: item.text,
    dueOn: item.dueOn,
    dueSource: item.dueSource,
    deadlines: JSON.stringify(item.deadlines),
    targets: JSON.stringify(item.targets),
    leaders: JSON.stringify(item.leaders),
    chapterId: item.chapter !== null ? (outline.chapterIds.get(item.chapter) ?? null) : null,
    sectionId: outline.sectionIds.get(`${item.chapter}\u0000${item.section}`) ?? null,
  };
}

async function insertTasks(
  tx: Tx,
  planId: string,
  tasks: { id: string; item: PreviewItem }[],
  outline: Outline,
  now: Date,
): Promise<void> {
  if (tasks.length === 0) return;
  const rows = tasks.map((t) => ({ id: t.id, no: t.item.no, ...taskColumns(t.item, outline) }));
  await tx.$executeRaw`
    INSERT INTO task (id, plan_id, chapter_id, section_id, no, text, due_on, due_source, deadlines, targets, leaders,
                      created_at, updated_at)
    SELECT id, ${planId}::uuid, c, s, no, txt, due::date, src::"DueSource", dl::jsonb, tg::jsonb,
           ARRAY(SELECT jsonb_array_elements_text(ld::jsonb)), ${now}::timestamptz, ${now}::timestamptz
    FROM unnest(
      ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.chapterId)}::uuid[], ${rows.map((r) => r.sectionId)}::uuid[],
      ${rows.map((r) => r.no)}::int[], ${rows.map((r) => r.text)}::text[],
      ${rows.map((r) => r.dueOn)}::text[], ${rows.map((r) => r.dueSource)}::text[],
      ${rows.map((r) => r.deadlines)}::text[], ${rows.map((r) => r.targets)}::text[],
      ${rows.map((r) => r.leaders)}::text[]
    ) AS x(id, c, s, no, txt, due, src, dl, tg, ld)`;
}

interface NewAssignment {
  id: string;
  taskId: string;
  departmentId: string;
  role: 'LEAD' | 'SUPPORT';
  ordinal: number;
}

/** One assignment per (task, department); the lead units lead, in printed order. */
function assignmentsFor(
  taskId: string,
  item: PreviewItem,
  departmentIdOf: (printed: string) => string,
): NewAssignment[] {
  const leadKeys = new Set(item.lead.map(unitKey));
  const seen = new Set<string>();
  const out: NewAssignment[] = [];
  for (const printed of distinctUnits(item)) {
    const departmentId = departmentIdOf(printed);
    // Two printed forms of one department (an alias and its name) are one assignment.
    if (seen.has(departmentId)) continue;
    seen.add(departmentId);
    out.push({
      id: randomUUID(),
      taskId,
      departmentId,
      role: leadKeys.has(unitKey(printed)) ? 'LEAD' : 'SUPPORT',
      ordinal: out.length,
    });
  }
  return out;
}

async function insertAssignments(tx: Tx, rows: NewAssignment[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO assignment (id, task_id, department_id, role, ordinal)
    SELECT id, t, d, r::"AssignmentRole", o FROM unnest(
      ${rows.map((x) => x.id)}::uuid[], ${rows.map((x) => x.taskId)}::uuid[],
      ${rows.map((x) => x.departmentId)}::uuid[], ${rows.map((x) => x.role)}::text[],
      ${rows.map((x) => x.ordinal)}::int[]
    ) AS x(id, t, d, r, o)`;
}
