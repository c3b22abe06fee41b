import { Injectable, Logger } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { fromDbDate } from '../../common/time/local-date';
import type { WorkSource } from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { AuthUser } from '../auth/auth-user';
import { regionInScope, type Scope } from '../auth/scope';
import { planWhere, taskWhere } from '../auth/scope-where';
import { RemindersService } from '../reminders/reminders.service';
import { WorkArrival } from '../tasks/work-arrival.service';
import type {
  CreateInstructionDto,
  CreateMatterDto,
  CreateMeetingDto,
  CreateSingleDto,
  WorkItemDto,
} from './dto/create-work.dto';
import type { WorkContainerDto, WorkCreatedDto, WorkListItemDto } from './dto/work-view.dto';
import {
  ContainerInput,
  ItemInput,
  itemsField,
  ResolvedContainer,
  singleField,
  type StoredDocument,
} from './work-input';
import { invalidWork, workNotFound, workOutOfScope } from './work-items.errors';
import { WorkPreparationService } from './work-preparation.service';
import { creationKey, WorkWriterService } from './work-writer.service';

const itemOf = (d: WorkItemDto): ItemInput => ({
  text: d.text,
  lead: d.lead,
  support: d.support ?? [],
  dueOn: d.dueOn ?? null,
  ongoing: d.ongoing === true,
});

/**
 * New work of every source (单项督办, 批示件, 会议议定事项, 上级交办, 人大建议, 政协提案): one
 * container per creation, checked whole (every field's problem at once), written in one
 * transaction; the arrival follow-ups (notices, acknowledgement) and the reminders' enqueueing run
 * after commit. Also the office's reads of a container and its list by source.
 */
@Injectable()
export class WorkItemsService {
  private readonly logger = new Logger(WorkItemsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly preparation: WorkPreparationService,
    private readonly writer: WorkWriterService,
    private readonly reminders: RemindersService,
    private readonly arrival: WorkArrival,
  ) {}

  createSingle(scope: Scope, dto: CreateSingleDto): Promise<WorkCreatedDto> {
    return this.createOne(scope, {
      source: 'SINGLE',
      title: dto.title ?? '',
      documentNumber: null,
      issuedOn: null,
      leaderId: null,
      policy: dto.policy,
      requestId: dto.requestId,
      items: [itemOf(dto)],
      itemField: singleField,
    });
  }

  createInstruction(
    scope: Scope,
    dto: CreateInstructionDto,
    document?: StoredDocument,
  ): Promise<WorkCreatedDto> {
    return this.createOne(
      scope,
      {
        source: 'INSTRUCTION',
        title: dto.title ?? '',
        documentNumber: dto.documentNumber ?? null,
        issuedOn: dto.issuedOn,
        leaderId: dto.leaderId,
        policy: dto.policy,
        requestId: dto.requestId,
        items: [itemOf(dto)],
        itemField: singleField,
      },
      document,
    );
  }

  createMatter(scope: Scope, dto: CreateMatterDto): Promise<WorkCreatedDto> {
    return this.createOne(scope, {
      source: dto.source,
      title: dto.title ?? '',
      documentNumber: dto.documentNumber,
      issuedOn: dto.issuedOn ?? null,
      leaderId: null,
      policy: dto.policy,
      requestId: dto.requestId,
      items: [itemOf(dto)],
      itemField: singleField,
    });
  }

  createMeeting(scope: Scope, dto: CreateMeetingDto): Promise<WorkCreatedDto> {
    return this.createOne(scope, {
      source: 'MEETING',
      title: dto.title,
      documentNumber: dto.documentNumber ?? null,
      issuedOn: dto.issuedOn,
      leaderId: null,
      policy: dto.policy,
      requestId: dto.requestId,
      items: dto.items.map(itemOf),
      itemField: itemsField,
    });
  }

  /** Checks, writes and follows up a batch of containers (the forms send one, a sheet several). */
  async write(
    scope: Scope,
    containers: ResolvedContainer[],
    channel: string,
  ): Promise<WorkCreatedDto[]> {
    const written = await this.writer.write(containers, {
      actorId: scope.user.id,
      regionId: scope.regionId,
      now: this.clock.now(),
      channel,
    });
    await this.arrival.settle();
    await this.reminders.enqueueDue();
    this.logger.log({ containers: written.length, channel }, 'work created');
    return written.map((w, i) => ({
      planId: w.planId,
      source: containers[i]!.source,
      taskIds: w.taskIds,
      created: true,
      reminders: w.reminders,
    }));
  }

  private async createOne(
    scope: Scope,
    input: ContainerInput,
    document?: StoredDocument,
  ): Promise<WorkCreatedDto> {
    const user: AuthUser = scope.user;
    if (input.requestId) {
      const earlier = await this.writer.findByKey(creationKey(user.id, input.requestId));
      if (earlier) return this.sameAsBefore(earlier);
    }
    const { resolved, problems } = await this.preparation.prepare(scope, [input], document);
    if (problems.length > 0) throw invalidWork(problems);
    try {
      return (await this.write(scope, resolved, 'form'))[0]!;
    } catch (err) {
      // Two clicks at once: the second insert of the same key lost; answer with the first's work.
      if (
        input.requestId &&
        err instanceof Prisma.PrismaClientKnownRequestError &&
        err.code === 'P2002'
      ) {
        const earlier = await this.writer.findByKey(creationKey(user.id, input.requestId));
        if (earlier) return this.sameAsBefore(earlier);
      }
      throw err;
    }
  }

  private async sameAsBefore(planId: string): Promise<WorkCreatedDto> {
    const plan = await this.prisma.plan.findUniqueOrThrow({
      where: { id: planId },
      select: { source: true, tasks: { select: { id: true }, orderBy: { no: 'asc' } } },
    });
    return {
      planId,
      source: plan.source,
      taskIds: plan.tasks.map((t) => t.id),
      created: false,
      reminders: { pending: 0, skipped: 0 },
    };
  }

  /** A container with its source fields and the tasks of it the caller may see. */
  async get(scope: Scope, id: string): Promise<WorkContainerDto> {
    const plan = await this.prisma.plan.findUnique({
      where: { id },
      include: {
        tasks: {
          where: taskWhere(scope),
          orderBy: { no: 'asc' },
          include: {
            assignments: {
              where: { removedAt: null },
              orderBy: { ordinal: 'asc' },
              include: { department: { select: { id: true, name: true } } },
            },
            evidence: {
              where: { requestId: null, reportId: null, kind: 'FILE' },
              orderBy: { createdAt: 'asc' },
              take: 1,
            },
          },
        },
      },
    });
    if (!plan) throw workNotFound();
    if (!regionInScope(scope, plan.regionId)) throw workOutOfScope();
    const leader = plan.leaderId
      ? await this.prisma.person.findUnique({
          where: { id: plan.leaderId },
          select: { id: true, displayName: true },
        })
      : null;
    const doc = plan.source === 'INSTRUCTION' ? plan.tasks[0]?.evidence[0] : undefined;
    return {
      id: plan.id,
      source: plan.source,
      title: plan.title,
      documentNumber: plan.documentNumber,
      issuedOn: plan.issuedOn ? fromDbDate(plan.issuedOn) : null,
      leader: leader ? { id: leader.id, name: leader.displayName } : null,
      createdById: plan.createdById,
      createdAt: plan.importedAt.toISOString(),
      policy: plan.policy as Record<string, unknown>,
      document: doc
        ? {
            evidenceId: doc.id,
            fileName: doc.fileName ?? '',
            size: doc.size ?? 0,
            mimeType: doc.mimeType ?? '',
          }
        : null,
      tasks: plan.tasks.map((t) => ({
        id: t.id,
        no: t.no,
        text: t.text,
        dueOn: t.dueOn ? fromDbDate(t.dueOn) : null,
        status: t.status,
        version: t.version,
        lead: t.assignments
          .filter((a) => a.role === 'LEAD')
          .map((a) => ({ id: a.department.id, name: a.department.name })),
        support: t.assignments
          .filter((a) => a.role === 'SUPPORT')
          .map((a) => ({ id: a.department.id, name: a.department.name })),
      })),
    };
  }

  /** The office's containers of one source (every source but plans when none is named). */
  async list(scope: Scope, source?: WorkSource): Promise<WorkListItemDto[]> {
    const rows = await this.prisma.plan.findMany({
      where: {
        ...planWhere(scope),
        source: source ?? { not: 'PLAN' },
      },
      orderBy: { importedAt: 'desc' },
      take: 500,
      select: {
        id: true,
        source: true,
        title: true,
        documentNumber: true,
        issuedOn: true,
        leaderId: true,
        importedAt: true,
        tasks: {
          where: taskWhere(scope),
          orderBy: { no: 'asc' },
          select: {
            id: true,
            no: true,
            text: true,
            dueOn: true,
            status: true,
            assignments: {
              where: { removedAt: null, role: 'LEAD' },
              orderBy: { ordinal: 'asc' },
              select: { department: { select: { name: true } } },
            },
          },
        },
      },
    });
    const leaderIds = [...new Set(rows.flatMap((r) => (r.leaderId ? [r.leaderId] : [])))];
    const leaders = new Map(
      (
        await this.prisma.person.findMany({
          where: { id: { in: leaderIds } },
          select: { id: true, displayName: true },
        })
      ).map((p) => [p.id, p.displayName]),
    );
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      title: r.title,
      documentNumber: r.documentNumber,
      issuedOn: r.issuedOn ? fromDbDate(r.issuedOn) : null,
      leaderName: r.leaderId ? (leaders.get(r.leaderId) ?? null) : null,
      tasks: r.tasks.length,
      createdAt: r.importedAt.toISOString(),
      items: r.tasks.map((t) => ({
        id: t.id,
        no: t.no,
        text: t.text,
        dueOn: t.dueOn ? fromDbDate(t.dueOn) : null,
        status: t.status,
        lead: t.assignments.map((a) => a.department.name),
      })),
    }));
  }
}
