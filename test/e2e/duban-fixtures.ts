import { Role } from '../../src/generated/prisma/enums';
import type { PrismaService } from '../../src/infra/prisma/prisma.service';
import { toDbDate } from '../../src/common/time/local-date';
import { PeopleService } from '../../src/modules/departments/people.service';
import type { TestApp } from '../support/test-app';

/** Shared seed for the auth / tasks / progress / supervision e2e suites. */
export const PASSWORD = 'duban-test-password-1';

export interface Seed {
  departments: { minzheng: string; caizheng: string; fagai: string };
  people: {
    liaisonMz: string;
    headMz: string;
    liaisonCz: string;
    supervisor: string;
    leader: string;
    admin: string;
  };
  planId: string;
  tasks: {
    /** no 1: lead 民政, support 财政, due 2026-12-31 */
    t1: string;
    /** no 2: lead 财政, support 民政, due 2026-11-30 */
    t2: string;
    /** no 3: lead 发改 only, due 2027-01-15 */
    t3: string;
    /** no 4: lead 民政, ongoing (no deadline) */
    t4: string;
    /** no 5: lead 发改, support 民政, due 2026-11-20, CLOSED */
    t5: string;
  };
}

export async function seed(t: TestApp): Promise<Seed> {
  const prisma: PrismaService = t.prisma;
  const people = t.app.get(PeopleService);
  const dept = async (name: string, aliases: string[] = []) =>
    (
      await prisma.department.create({
        data: { name, aliases: { create: aliases.map((alias) => ({ alias })) } },
      })
    ).id;
  const minzheng = await dept('省民政厅', ['民政厅']);
  const caizheng = await dept('省财政厅', ['财政厅']);
  const fagai = await dept('省发展改革委', ['省发改委', '发改委']);

  const person = async (username: string, role: Role, departmentId: string | null) =>
    (
      await people.createPerson({
        username,
        displayName: `测试-${username}`,
        password: PASSWORD,
        role,
        departmentId,
      })
    ).id;
  const liaisonMz = await person('liaison.mz', Role.LIAISON, minzheng);
  const headMz = await person('head.mz', Role.HEAD, minzheng);
  const liaisonCz = await person('liaison.cz', Role.LIAISON, caizheng);
  const supervisor = await person('supervisor', Role.SUPERVISOR, null);
  const leader = await person('leader', Role.LEADER, null);
  const admin = await person('admin', Role.ADMIN, null);

  const plan = await prisma.plan.create({
    data: {
      title: '江苏省老龄事业发展规划责任分解方案',
      documentNumber: '苏办〔2012〕85号',
      contentHash: `hash-${Date.now()}-${Math.random()}`,
      sourceName: 'test.txt',
    },
  });
  const chapter = await prisma.chapter.create({
    data: { planId: plan.id, ordinal: 1, title: '一、完善社会保障体系' },
  });
  const section = await prisma.section.create({
    data: { planId: plan.id, chapterId: chapter.id, ordinal: 1, title: '(一)扩大养老保险覆盖面' },
  });

  const task = async (
    no: number,
    dueOn: string | null,
    lead: string[],
    support: string[],
    status: 'ASSIGNED' | 'CLOSED' = 'ASSIGNED',
  ) => {
    const created = await prisma.task.create({
      data: {
        planId: plan.id,
        chapterId: chapter.id,
        sectionId: section.id,
        no,
        text: `第${no}项测试任务`,
        dueOn: dueOn ? toDbDate(dueOn) : null,
        dueSource: dueOn ? 'STATED' : 'ONGOING',
        deadlines: dueOn ? [{ phrase: '年底前', date: dueOn, kind: 'absolute' }] : [],
        targets: [{ phrase: '覆盖率达到95%', metric: '覆盖率', op: '>=', value: 95, unit: '%' }],
        status,
        assignments: {
          create: [
            ...lead.map((departmentId, i) => ({ departmentId, role: 'LEAD' as const, ordinal: i })),
            ...support.map((departmentId, i) => ({
              departmentId,
              role: 'SUPPORT' as const,
              ordinal: lead.length + i,
            })),
          ],
        },
      },
    });
    return created.id;
  };
  const t1 = await task(1, '2026-12-31', [minzheng], [caizheng]);
  const t2 = await task(2, '2026-11-30', [caizheng], [minzheng]);
  const t3 = await task(3, '2027-01-15', [fagai], []);
  const t4 = await task(4, null, [minzheng], []);
  const t5 = await task(5, '2026-11-20', [fagai], [minzheng], 'CLOSED');

  return {
    departments: { minzheng, caizheng, fagai },
    people: { liaisonMz, headMz, liaisonCz, supervisor, leader, admin },
    planId: plan.id,
    tasks: { t1, t2, t3, t4, t5 },
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** A tiny JSON client for the listening test server. */
export function client(baseUrl: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
  const call = async <T = any>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const login = async (username: string, password = PASSWORD): Promise<string> => {
    const res = await call<{ accessToken: string }>('POST', '/auth/login', {
      body: { username, password },
    });
    if (res.status !== 200)
      throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  };
  return { call, login };
}
