import type { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { hashPassword } from '../../src/modules/auth/password';
import { CalendarService } from '../../src/modules/calendar/calendar.service';
import { DepartmentsService } from '../../src/modules/departments/departments.service';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { nameToCreate } from '../../src/modules/plans/unit-resolution';

export interface DemoSeed {
  planId: string;
  planTitle: string;
  taskCount: number;
  assignmentCount: number;
  defaultDueOn: string;
  liaisonCount: number;
  /** Assignments the demo marks acknowledged; 省财政厅's stay pending (its liaison's username). */
  acknowledged: number;
  pendingLiaison: string;
  /** A plan task 省财政厅 has not acknowledged (for the banner's timeline). */
  pendingTaskId: string;
  logins: { username: string; role: string; who: string }[];
  /** Local (Asia/Shanghai) date-times of the ladder for items on the default deadline. */
  timeline: { t5: string; t1: string; urging: string; supervision: string };
  reportAsLiaison(baseUrl: string): Promise<string>;
}

/** Imports the reference plan dated around "today" and creates the demo people. */
export async function seedDemo(
  app: INestApplication,
  opts: { planFile: string; password: string; today: string },
): Promise<DemoSeed> {
  const calendar = app.get(CalendarService).current();
  // Seven working days ahead: T−5 and T−1 are still to come, and the ladder follows within minutes.
  const defaultDueOn = calendar.addWorkingDays(opts.today, 7);
  const importer = app.get(PlanImportService);
  const input = {
    content: readFileSync(opts.planFile),
    sourceName: basename(opts.planFile),
    defaultDueOn,
    // The demo's administrator has read the reference plan: every unit list in it is (省X、省Y)
    // with the first unit leading, which the reader flags for review.
    confirmAllReview: true,
  };
  const prisma = app.get(PrismaService);
  // As an office would: the directory first (here, the units the plan names), then the people, then
  // the commit, so that each department's 交办通知 reaches a liaison rather than failing for want of one.
  const preview = await importer.preview(input);
  await prisma.$transaction((tx) =>
    app.get(DepartmentsService).createMissingUnits(
      tx,
      null,
      preview.units
        .filter((u) => u.willBeCreated)
        .map((u) => ({ name: nameToCreate(u), isCollective: u.isCollective })),
    ),
  );

  const passwordHash = await hashPassword(opts.password);
  const departments = await prisma.department.findMany({ orderBy: { name: 'asc' } });
  const byName = new Map(departments.map((d) => [d.name, d]));
  const minzheng = byName.get('省民政厅')!;
  const caizheng = byName.get('省财政厅')!;
  const people = [
    // 三员分立: the administrator, the security administrator and the auditor are three people.
    { username: 'admin', displayName: '系统管理员', role: 'ADMIN' as const, departmentId: null },
    {
      username: 'secadmin',
      displayName: '安全管理员',
      role: 'SECURITY_ADMIN' as const,
      departmentId: null,
    },
    {
      username: 'auditor',
      displayName: '安全审计员',
      role: 'AUDITOR' as const,
      departmentId: null,
    },
    {
      username: 'supervisor',
      displayName: '督查室 王督查',
      role: 'SUPERVISOR' as const,
      departmentId: null,
    },
    {
      username: 'supervisor2',
      displayName: '督查室 李督查',
      role: 'SUPERVISOR' as const,
      departmentId: null,
    },
    {
      username: 'leader',
      displayName: '分管领导 赵领导',
      role: 'LEADER' as const,
      departmentId: null,
    },
    {
      username: 'head-mz',
      displayName: '省民政厅 负责人',
      role: 'HEAD' as const,
      departmentId: minzheng.id,
    },
    {
      username: 'head-cz',
      displayName: '省财政厅 负责人',
      role: 'HEAD' as const,
      departmentId: caizheng.id,
    },
    ...departments.map((d, i) => ({
      username: `liaison${String(i + 1).padStart(2, '0')}`,
      displayName: `${d.name}联络员`,
      role: 'LIAISON' as const,
      departmentId: d.id,
    })),
  ];
  await prisma.person.createMany({
    data: people.map((p) => ({ ...p, email: `${p.username}@demo.duban.local`, passwordHash })),
    skipDuplicates: true,
  });
  // The demo leader (分管领导) answers for every department: red cards reach them.
  const leader = await prisma.person.findUniqueOrThrow({ where: { username: 'leader' } });
  await prisma.leaderDepartment.createMany({
    data: departments.map((d) => ({ leaderId: leader.id, departmentId: d.id })),
    skipDuplicates: true,
  });
  const result = await importer.commit(input, null);
  // Every department but 省财政厅 has acknowledged (签收) its part of the plan, as most would on the
  // first day; 省财政厅's stays pending, so the demo shows its reminder and the urging of its head.
  const acknowledged = await prisma.$executeRaw`
    UPDATE assignment a SET ack_state = 'ACKNOWLEDGED', acked_at = now()
    FROM task t
    WHERE t.id = a.task_id AND t.plan_id = ${result.planId}::uuid
      AND a.department_id <> ${caizheng.id}::uuid AND a.ack_state = 'PENDING'`;
  const liaisonOf = (name: string) =>
    people.find((p) => p.departmentId === byName.get(name)?.id && p.role === 'LIAISON')!;

  const lead = liaisonOf('省民政厅');
  return {
    planId: result.planId,
    planTitle: (await prisma.plan.findUniqueOrThrow({ where: { id: result.planId } })).title,
    taskCount: result.counts.items,
    assignmentCount: result.counts.assignments,
    defaultDueOn,
    liaisonCount: departments.length,
    acknowledged,
    pendingLiaison: liaisonOf('省财政厅').username,
    pendingTaskId: (
      await prisma.assignment.findFirstOrThrow({
        where: { departmentId: caizheng.id, ackState: 'PENDING', task: { planId: result.planId } },
        select: { taskId: true },
      })
    ).taskId,
    logins: [
      { username: 'admin', role: 'ADMIN', who: '系统管理员 (imports plans, creates accounts)' },
      { username: 'secadmin', role: 'SECURITY_ADMIN', who: '安全管理员 (roles, lockouts, policy)' },
      { username: 'auditor', role: 'AUDITOR', who: '安全审计员 (audit trail, sign-in log)' },
      { username: 'supervisor', role: 'SUPERVISOR', who: '督查室 (overdue board, notices)' },
      { username: 'leader', role: 'LEADER', who: '分管领导 (reads dashboards)' },
      { username: lead.username, role: 'LIAISON', who: '省民政厅联络员 (lead on most items)' },
      { username: liaisonOf('省财政厅').username, role: 'LIAISON', who: '省财政厅联络员' },
      { username: 'head-mz', role: 'HEAD', who: '省民政厅负责人' },
      {
        username: 'head-cz',
        role: 'HEAD',
        who: '省财政厅负责人 (urged while 省财政厅 has not acknowledged)',
      },
    ],
    timeline: {
      t5: `${calendar.addWorkingDays(defaultDueOn, -5)}T09:00`,
      t1: `${calendar.addWorkingDays(defaultDueOn, -1)}T09:00`,
      urging: `${calendar.addWorkingDays(defaultDueOn, 1)}T00:00`,
      supervision: `${calendar.addWorkingDays(defaultDueOn, 5)}T00:00`,
    },
    async reportAsLiaison(baseUrl: string): Promise<string> {
      const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: lead.username, password: opts.password }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const auth = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
      const tasks = (await (
        await fetch(`${baseUrl}/api/v1/me/tasks`, { headers: auth })
      ).json()) as {
        id: string;
        no: number;
        role: string;
        reportVersion: number;
      }[];
      const task = tasks.find((t) => t.no === 1 && t.role === 'LEAD') ?? tasks[0];
      if (!task) return 'no task to report on';
      const res = await fetch(`${baseUrl}/api/v1/tasks/${task.id}/reports`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          percent: 40,
          narrative: '已完成低保标准调研,正在起草城乡一体化保障标准方案。',
          version: task.reportVersion,
        }),
      });
      return res.ok
        ? `${lead.username} (省民政厅) reported 40% on item ${task.no} (see GET /api/v1/tasks/${task.id}).`
        : `the demo report was refused: HTTP ${res.status}`;
    },
  };
}
