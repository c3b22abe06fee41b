import type { INestApplication } from '@nestjs/common';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { hashPassword } from '../../src/modules/auth/password';
import { CascadeService } from '../../src/modules/cascade/cascade.service';
import { CounterpartsService } from '../../src/modules/regions/counterparts.service';

/** The 13 cities of Jiangsu (division codes), the reference plan's province. */
const JIANGSU_CITIES: [string, string][] = [
  ['320100', '南京市'],
  ['320200', '无锡市'],
  ['320300', '徐州市'],
  ['320400', '常州市'],
  ['320500', '苏州市'],
  ['320600', '南通市'],
  ['320700', '连云港市'],
  ['320800', '淮安市'],
  ['320900', '盐城市'],
  ['321000', '扬州市'],
  ['321100', '镇江市'],
  ['321200', '泰州市'],
  ['321300', '宿迁市'],
];

export interface DemoCascade {
  cities: number;
  departments: number;
  publishedTasks: number;
  draftPlans: number;
  logins: { username: string; role: string; who: string }[];
}

/**
 * The province's plan decomposed to its 13 cities (各地要参照本方案…): the cities' departments are
 * derived by name, 南京市's plan is published with a liaison per department and its own
 * supervision office, and the other 12 cities' plans wait as drafts until they publish them.
 */
export async function seedDemoCascade(
  app: INestApplication,
  opts: { planId: string; password: string },
): Promise<DemoCascade> {
  const prisma = app.get(PrismaService);
  await prisma.region.createMany({
    data: JIANGSU_CITIES.map(([code, name]) => ({ code, name, level: 'CITY' as const })),
    skipDuplicates: true,
  });
  const cities = await prisma.region.findMany({ orderBy: { code: 'asc' } });
  const nanjing = cities.find((c) => c.name === '南京市')!;
  const derived = await app.get(CounterpartsService).derive(
    null,
    cities.map((c) => c.id),
  );
  const cascade = app.get(CascadeService);
  const published = await cascade.commit(
    opts.planId,
    { regionIds: [nanjing.id], omitUnmappedSupport: true },
    null,
  );
  const drafts = await cascade.commit(
    opts.planId,
    {
      regionIds: cities.filter((c) => c.id !== nanjing.id).map((c) => c.id),
      omitUnmappedSupport: true,
      publish: false,
    },
    null,
  );

  const passwordHash = await hashPassword(opts.password);
  const departments = await prisma.department.findMany({
    where: { regionId: nanjing.id },
    orderBy: { name: 'asc' },
  });
  await prisma.person.createMany({
    data: [
      {
        username: 'nj-leader',
        displayName: '南京市分管领导 周领导',
        role: 'LEADER' as const,
      },
      {
        username: 'nj-supervisor',
        displayName: '南京市督查室 陈督查',
        role: 'SUPERVISOR' as const,
        regionId: nanjing.id,
      },
      ...departments.map((d, i) => ({
        username: `nj-liaison${String(i + 1).padStart(2, '0')}`,
        displayName: `${d.name}联络员`,
        role: 'LIAISON' as const,
        departmentId: d.id,
      })),
    ].map((p) => ({ ...p, email: `${p.username}@demo.duban.local`, passwordHash })),
    skipDuplicates: true,
  });
  // 南京市's leader answers for its departments: the city's red cards reach them.
  const leader = await prisma.person.findUniqueOrThrow({ where: { username: 'nj-leader' } });
  await prisma.leaderDepartment.createMany({
    data: departments.map((d) => ({ leaderId: leader.id, departmentId: d.id })),
    skipDuplicates: true,
  });
  // 南京市's departments have acknowledged (签收) the city's plan: the demo's urging stays with 省财政厅.
  await prisma.$executeRaw`
    UPDATE assignment a SET ack_state = 'ACKNOWLEDGED', acked_at = now()
    FROM task t JOIN plan p ON p.id = t.plan_id
    WHERE t.id = a.task_id AND p.region_id = ${nanjing.id}::uuid AND a.ack_state = 'PENDING'`;
  const njMinzheng = departments.findIndex((d) => d.name === '南京市民政局');
  return {
    cities: cities.length,
    departments: derived.created,
    publishedTasks: published.tasks,
    draftPlans: drafts.childPlans.created,
    logins: [
      { username: 'nj-supervisor', role: 'SUPERVISOR', who: '南京市督查室 (sees 南京市 only)' },
      {
        username: `nj-liaison${String(njMinzheng + 1).padStart(2, '0')}`,
        role: 'LIAISON',
        who: '南京市民政局联络员',
      },
    ],
  };
}
