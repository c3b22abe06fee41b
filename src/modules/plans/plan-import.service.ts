import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import type { DueSource } from '../../generated/prisma/enums';
import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { isLocalDate } from '../calendar/local-date';
import { RemindersService } from '../reminders/reminders.service';
import type { ParsedPlan, PlanItem } from './import/plan-document.types';
import { isPlanParseError } from './import/plan-parse.errors';
import { decodePlanBuffer, parsePlanText } from './import/plan-text.parser';
import type {
  PlanImportCounts,
  PlanImportInput,
  PlanImportPreview,
  PlanImportResult,
  PreviewItem,
  PreviewUnit,
} from './plan-import.types';
import { isCollectiveUnit, UnitDirectory, unitKey } from './unit-directory';

interface Analysis {
  parsed: ParsedPlan;
  text: string;
  contentHash: string;
  existingPlanId: string | null;
  directoryEmpty: boolean;
  units: PreviewUnit[];
  items: PreviewItem[];
  counts: PlanImportCounts;
  defaultDueOn: string | null;
}

/**
 * Turns a plan document into a plan, its chapters and sections, tasks, department assignments and
 * reminder schedule, in one transaction with set-based inserts. Re-importing the same text changes
 * nothing; a failure leaves the database as it was.
 */
@Injectable()
export class PlanImportService {
  private readonly logger = new Logger(PlanImportService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
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
      counts: a.counts,
      units: a.units,
      unknownUnits: this.unknownUnits(a),
      items: a.items,
      warnings: a.parsed.warnings,
    };
  }

  async commit(input: PlanImportInput, actorId: string | null): Promise<PlanImportResult> {
    const a = await this.analyse(input);
    if (a.existingPlanId) return this.unchanged(a, a.existingPlanId);
    const unknown = this.unknownUnits(a);
    if (unknown.length > 0 && !a.directoryEmpty && !input.createUnknownUnits) {
      throw new DomainException(
        ErrorCode.UNKNOWN_UNITS,
        `方案中有 ${unknown.length} 个单位不在单位名录中:${unknown.join('、')}。请在预览中核对,确认新建这些单位后再导入。`,
        HttpStatus.UNPROCESSABLE_ENTITY,
        { unknownUnits: unknown },
      );
    }
    const now = this.clock.now();
    let outcome: { planId: string; reminders: { pending: number; skipped: number } };
    try {
      outcome = await this.prisma.$transaction(
        (tx) => this.write(tx, a, now, actorId, input.sourceName),
        {
          timeout: 120_000,
          maxWait: 10_000,
        },
      );
    } catch (err) {
      // A concurrent import of the same document won the race: same outcome as a re-import.
      const existing = await this.findPlanByHash(a.contentHash);
      if (existing) return this.unchanged(a, existing);
      throw err;
    }
    // Side effects after commit: Redis only ever sees reminders that exist in PostgreSQL.
    await this.reminders.enqueueDue();
    this.logger.log({ planId: outcome.planId, ...a.counts, ...outcome.reminders }, 'plan imported');
    return {
      mode: 'commit',
      planId: outcome.planId,
      created: true,
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
      counts: { ...a.counts, newUnits: 0 },
      reminders: { pending: 0, skipped: 0 },
      warnings: a.parsed.warnings,
    };
  }

  private unknownUnits(a: Analysis): string[] {
    return a.directoryEmpty ? [] : a.units.filter((u) => !u.departmentId).map((u) => u.printed);
  }

  private async findPlanByHash(contentHash: string): Promise<string | null> {
    const plan = await this.prisma.plan.findUnique({
      where: { contentHash },
      select: { id: true },
    });
    return plan?.id ?? null;
  }

  private async analyse(input: PlanImportInput): Promise<Analysis> {
    if (input.defaultDueOn !== undefined && !isLocalDate(input.defaultDueOn)) {
      throw new DomainException(
        ErrorCode.INVALID_DEFAULT_DEADLINE,
        `默认截止日期“${input.defaultDueOn}”格式不正确,应为 YYYY-MM-DD,例如 2026-12-31`,
        HttpStatus.BAD_REQUEST,
        [{ field: 'defaultDueOn', reason: '必须是日期,格式为 YYYY-MM-DD' }],
      );
    }
    let text: string;
    let parsed: ParsedPlan;
    try {
      text = typeof input.content === 'string' ? input.content : decodePlanBuffer(input.content);
      parsed = parsePlanText(text, { sourceName: input.sourceName });
    } catch (err) {
      if (isPlanParseError(err)) {
        throw new DomainException(
          err.code as ErrorCode,
          err.message,
          HttpStatus.UNPROCESSABLE_ENTITY,
          {
            file: input.sourceName,
            line: err.line ?? null,
          },
        );
      }
      throw err;
    }
    const contentHash = createHash('sha256')
      .update(text.replace(/\r\n?/g, '\n').trim())
      .digest('hex');
    const [existingPlanId, departments, aliases] = await Promise.all([
      this.findPlanByHash(contentHash),
      this.prisma.department.findMany({ select: { id: true, name: true, isCollective: true } }),
      this.prisma.departmentAlias.findMany({ select: { alias: true, departmentId: true } }),
    ]);
    const directory = new UnitDirectory(departments, aliases);
    const directoryEmpty = departments.length === 0;

    const units = new Map<string, PreviewUnit>();
    for (const item of parsed.items) {
      for (const printed of [...item.lead, ...item.support]) {
        const key = unitKey(printed);
        if (units.has(key)) continue;
        const m = directory.match(printed);
        units.set(key, {
          printed,
          departmentId: m.department?.id ?? null,
          departmentName: m.department?.name ?? null,
          matchedBy: m.matchedBy,
          isCollective: m.department?.isCollective ?? isCollectiveUnit(printed),
          willBeCreated: !m.department && (directoryEmpty || input.createUnknownUnits === true),
        });
      }
    }
    const defaultDueOn = input.defaultDueOn ?? null;
    const items = parsed.items.map((item) => toPreviewItem(item, defaultDueOn));
    const chapters = new Set(parsed.items.map((i) => i.chapter).filter((c) => c !== null));
    const sections = new Set(
      parsed.items.filter((i) => i.section !== null).map((i) => `${i.chapter}\u0000${i.section}`),
    );
    const counts: PlanImportCounts = {
      items: parsed.items.length,
      chapters: chapters.size,
      sections: sections.size,
      assignments: parsed.items.reduce((n, i) => n + distinctUnits(i).length, 0),
      units: units.size,
      newUnits: [...units.values()].filter((u) => u.willBeCreated).length,
    };
    return {
      parsed,
      text,
      contentHash,
      existingPlanId,
      directoryEmpty,
      units: [...units.values()],
      items,
      counts,
      defaultDueOn,
    };
  }

  private async write(
    tx: Tx,
    a: Analysis,
    now: Date,
    actorId: string | null,
    sourceName: string,
  ): Promise<{ planId: string; reminders: { pending: number; skipped: number } }> {
    // 1. Units the directory lacks (only when allowed, checked by the caller).
    const missing = a.units.filter((u) => !u.departmentId);
    if (missing.length > 0) {
      await tx.$executeRaw`
        INSERT INTO department (id, name, is_collective)
        SELECT gen_random_uuid(), n, c FROM unnest(${missing.map((u) => u.printed)}::text[], ${missing.map((u) => u.isCollective)}::boolean[]) AS t(n, c)
        ON CONFLICT (name) DO NOTHING`;
    }
    const rows = await tx.department.findMany({
      select: { id: true, name: true, isCollective: true },
    });
    const aliases = await tx.departmentAlias.findMany({
      select: { alias: true, departmentId: true },
    });
    const directory = new UnitDirectory(rows, aliases);
    const departmentIdOf = (printed: string): string => {
      const id = directory.match(printed).department?.id;
      if (!id) throw new Error(`unit ${printed} missing from directory after insert`);
      return id;
    };

    // 2. Plan, chapters, sections.
    const planId = randomUUID();
    await tx.plan.create({
      data: {
        id: planId,
        title: a.parsed.title,
        documentNumber: a.parsed.documentNumber,
        issuedOn: a.parsed.issuedOn ? new Date(`${a.parsed.issuedOn}T00:00:00Z`) : null,
        contentHash: a.contentHash,
        sourceName,
        defaultDueOn: a.defaultDueOn ? new Date(`${a.defaultDueOn}T00:00:00Z`) : null,
        warnings: a.parsed.warnings as unknown as Prisma.InputJsonValue,
      },
    });
    const chapterIds = new Map<string, string>();
    const sectionIds = new Map<string, string>();
    const chapterRows: { id: string; ordinal: number; title: string }[] = [];
    const sectionRows: { id: string; chapterId: string; ordinal: number; title: string }[] = [];
    for (const item of a.parsed.items) {
      if (item.chapter !== null && !chapterIds.has(item.chapter)) {
        const id = randomUUID();
        chapterIds.set(item.chapter, id);
        chapterRows.push({ id, ordinal: chapterRows.length + 1, title: item.chapter });
      }
      const sectionKey = `${item.chapter}\u0000${item.section}`;
      if (item.section !== null && item.chapter !== null && !sectionIds.has(sectionKey)) {
        const id = randomUUID();
        sectionIds.set(sectionKey, id);
        sectionRows.push({
          id,
          chapterId: chapterIds.get(item.chapter)!,
          ordinal: sectionRows.length + 1,
          title: item.section,
        });
      }
    }
    if (chapterRows.length > 0) {
      await tx.$executeRaw`
        INSERT INTO chapter (id, plan_id, ordinal, title)
        SELECT id, ${planId}::uuid, o, t FROM unnest(${chapterRows.map((c) => c.id)}::uuid[], ${chapterRows.map((c) => c.ordinal)}::int[], ${chapterRows.map((c) => c.title)}::text[]) AS x(id, o, t)`;
    }
    if (sectionRows.length > 0) {
      await tx.$executeRaw`
        INSERT INTO section (id, plan_id, chapter_id, ordinal, title)
        SELECT id, ${planId}::uuid, c, o, t FROM unnest(${sectionRows.map((s) => s.id)}::uuid[], ${sectionRows.map((s) => s.chapterId)}::uuid[], ${sectionRows.map((s) => s.ordinal)}::int[], ${sectionRows.map((s) => s.title)}::text[]) AS x(id, c, o, t)`;
    }

    // 3. Tasks.
    const tasks = a.parsed.items.map((item, i) => ({
      id: randomUUID(),
      item,
      preview: a.items[i]!,
      chapterId: item.chapter !== null ? (chapterIds.get(item.chapter) ?? null) : null,
      sectionId: sectionIds.get(`${item.chapter}\u0000${item.section}`) ?? null,
    }));
    await tx.$executeRaw`
      INSERT INTO task (id, plan_id, chapter_id, section_id, no, text, due_on, due_source, deadlines, targets, leaders)
      SELECT id, ${planId}::uuid, c, s, no, txt, due::date, src::"DueSource", dl::jsonb, tg::jsonb,
             ARRAY(SELECT jsonb_array_elements_text(ld::jsonb))
      FROM unnest(
        ${tasks.map((t) => t.id)}::uuid[], ${tasks.map((t) => t.chapterId)}::uuid[], ${tasks.map((t) => t.sectionId)}::uuid[],
        ${tasks.map((t) => t.item.no)}::int[], ${tasks.map((t) => t.item.text)}::text[],
        ${tasks.map((t) => t.preview.dueOn)}::text[], ${tasks.map((t) => t.preview.dueSource)}::text[],
        ${tasks.map((t) => JSON.stringify(t.item.deadlines))}::text[], ${tasks.map((t) => JSON.stringify(t.item.targets))}::text[],
        ${tasks.map((t) => JSON.stringify(t.item.leaders ?? []))}::text[]
      ) AS x(id, c, s, no, txt, due, src, dl, tg, ld)`;

    // 4. Assignments: one per (task, department); the first listed lead units lead.
    const assignments = tasks.flatMap((t) => {
      const leadKeys = new Set(t.item.lead.map(unitKey));
      return distinctUnits(t.item).map((printed, ordinal) => ({
        id: randomUUID(),
        taskId: t.id,
        departmentId: departmentIdOf(printed),
        role: leadKeys.has(unitKey(printed)) ? 'LEAD' : 'SUPPORT',
        ordinal,
        dueOn: t.preview.dueOn,
      }));
    });
    await tx.$executeRaw`
      INSERT INTO assignment (id, task_id, department_id, role, ordinal)
      SELECT id, t, d, r::"AssignmentRole", o FROM unnest(
        ${assignments.map((x) => x.id)}::uuid[], ${assignments.map((x) => x.taskId)}::uuid[],
        ${assignments.map((x) => x.departmentId)}::uuid[], ${assignments.map((x) => x.role)}::text[],
        ${assignments.map((x) => x.ordinal)}::int[]
      ) AS x(id, t, d, r, o)`;

    // 5. Reminder schedule (rows are the source of truth; jobs follow after commit).
    const reminders = await this.reminders.planForAssignments(
      tx,
      assignments
        .filter((x) => x.dueOn !== null)
        .map((x) => ({ assignmentId: x.id, dueOn: x.dueOn! })),
      now,
    );

    await this.audit.record(tx, {
      actorId,
      action: 'plan.imported',
      entityType: 'plan',
      entityId: planId,
      data: { sourceName, contentHash: a.contentHash, ...a.counts, reminders },
    });
    return { planId, reminders };
  }
}

/** Units of an item in printed order, each once (a unit printed twice is one assignment). */
function distinctUnits(item: PlanItem): string[] {
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
    dueOn: stated ?? defaultDueOn,
    dueSource,
    deadlines: item.deadlines,
    targets: item.targets,
  };
}
