import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { fromDbDate } from '../../common/time/local-date';
import { planNotFound } from './plans.errors';
import { planOutOfScope } from '../auth/auth.errors';
import { regionInScope, type Scope } from '../auth/scope';
import { planWhere, taskWhere } from '../auth/scope-where';

@Injectable()
export class PlansService {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The plans of the caller's region subtree (the top office's own plans only for the top level);
   * the containers of the other sources (instructions, meetings…) are listed by GET /work-items.
   */
  async list(scope: Scope) {
    const plans = await this.prisma.plan.findMany({
      where: { ...planWhere(scope), source: 'PLAN' },
      orderBy: { importedAt: 'desc' },
      include: { _count: { select: { tasks: true } } },
    });
    return plans.map((p) => ({
      id: p.id,
      title: p.title,
      documentNumber: p.documentNumber,
      issuedOn: p.issuedOn ? fromDbDate(p.issuedOn) : null,
      defaultDueOn: p.defaultDueOn ? fromDbDate(p.defaultDueOn) : null,
      sourceName: p.sourceName,
      importedAt: p.importedAt,
      publishedAt: p.publishedAt,
      regionId: p.regionId,
      parentPlanId: p.parentPlanId,
      taskCount: p._count.tasks,
    }));
  }

  /**
   * A plan of the caller's region subtree (404 otherwise) with its chapters, sections and the tasks
   * in the caller's scope (a leader: those of their departments).
   */
  async get(scope: Scope, id: string) {
    const plan = await this.prisma.plan.findUnique({
      where: { id },
      include: {
        chapters: {
          orderBy: { ordinal: 'asc' },
          include: { sections: { orderBy: { ordinal: 'asc' } } },
        },
        tasks: {
          where: taskWhere(scope),
          orderBy: { no: 'asc' },
          include: { assignments: { orderBy: { ordinal: 'asc' }, include: { department: true } } },
        },
      },
    });
    if (!plan) throw planNotFound('方案');
    if (!regionInScope(scope, plan.regionId)) throw planOutOfScope();
    return {
      id: plan.id,
      title: plan.title,
      documentNumber: plan.documentNumber,
      issuedOn: plan.issuedOn ? fromDbDate(plan.issuedOn) : null,
      publishedAt: plan.publishedAt,
      regionId: plan.regionId,
      parentPlanId: plan.parentPlanId,
      warnings: plan.warnings,
      chapters: plan.chapters.map((c) => ({
        id: c.id,
        title: c.title,
        sections: c.sections.map((s) => ({ id: s.id, title: s.title })),
      })),
      tasks: plan.tasks.map((t) => ({
        id: t.id,
        no: t.no,
        text: t.text,
        chapterId: t.chapterId,
        sectionId: t.sectionId,
        dueOn: t.dueOn ? fromDbDate(t.dueOn) : null,
        dueSource: t.dueSource,
        status: t.status,
        percent: t.percent,
        parentTaskId: t.parentTaskId,
        lead: t.assignments.filter((a) => a.role === 'LEAD').map((a) => a.department.name),
        support: t.assignments.filter((a) => a.role === 'SUPPORT').map((a) => a.department.name),
      })),
    };
  }
}
