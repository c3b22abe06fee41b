import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DateTime } from 'luxon';
import { MailCapture } from '../kit/mail-capture';
import { deleteKeysByPrefix } from '../kit/redis-keys';
import { createMigratedDatabase, ensureServices } from '../kit/services';
import { terminal } from '../../src/infra/logging/terminal';

/**
 * `npm run demo`: starts PostgreSQL and Redis if needed, builds a fresh `duban_demo` database,
 * imports the reference plan, creates demo people and runs the service with its scheduler on an
 * accelerated clock, so that reminders, urging notices and supervision notices arrive within minutes.
 * Emails go to a local SMTP capture whose inbox is a web page.
 */
const PORT = Number(process.env.DEMO_PORT ?? 3000);
const SMTP_PORT = Number(process.env.DEMO_SMTP_PORT ?? 1025);
const MAIL_HTTP_PORT = Number(process.env.DEMO_MAIL_PORT ?? 1080);
/** 2880× real time: one real minute is two days of the plan's life. */
const SPEED = Number(process.env.DEMO_SPEED ?? 2880);
const PASSWORD = 'demo1234';
/** Another name lets a second demo run beside the first (its queue prefix follows the name). */
const DATABASE = process.env.DEMO_DATABASE ?? 'duban_demo';
const QUEUE_PREFIX = DATABASE === 'duban_demo' ? 'duban-demo' : DATABASE;
const SAMPLE_PLAN = join(__dirname, '..', '..', 'sample', '004_26c38e0122c86045.txt');
/** The whole log, readable lines, emptied at each start; the terminal shows warnings and errors. */
const LOG_FILE = process.env.LOG_FILE ?? join(__dirname, '..', '..', 'var', 'log', 'demo.log');

async function main(): Promise<void> {
  mkdirSync(dirname(LOG_FILE), { recursive: true });
  writeFileSync(LOG_FILE, '');
  // Log lines wait until the banner is printed (the service's startup would bury it).
  terminal.hold();
  console.log(`Preparing the demo (database ${DATABASE}, the reference plan, people, 13 cities)…`);
  await ensureServices();
  // Migrated as the owner (duban_owner); the service connects as duban_app (rows only).
  const { url: databaseUrl, migrationUrl } = await createMigratedDatabase(DATABASE);
  // The last demo's jobs would fire into this one's fresh database.
  await deleteKeysByPrefix(`${QUEUE_PREFIX}:`);

  const mail = new MailCapture();
  const mailPorts = await mail.start({ smtpPort: SMTP_PORT, httpPort: MAIL_HTTP_PORT });

  const realStart = Date.now();
  const virtualStart = new Date(realStart);
  Object.assign(process.env, {
    DUBAN_MODE: 'demo',
    DATABASE_URL: databaseUrl,
    MIGRATION_DATABASE_URL: migrationUrl,
    QUEUE_PREFIX,
    PORT: String(PORT),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mailPorts.smtpPort),
    CLOCK_VIRTUAL_START: virtualStart.toISOString(),
    CLOCK_REAL_START: String(realStart),
    CLOCK_SPEED: String(SPEED),
    TICK_SECONDS: process.env.TICK_SECONDS ?? '3',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
    LOG_FILE,
    LOG_STDOUT_LEVEL: process.env.LOG_STDOUT_LEVEL ?? 'warn',
    DELIVERY_BACKOFF_MS: '2000',
  });

  // Loaded after the environment is set: configuration is validated once, at module creation.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { seedDemo } = require('./plan.seed') as typeof import('./plan.seed');
  const { seedDemoCascade } = require('./cascade.seed') as typeof import('./cascade.seed');
  const { seedDemoSources } = require('./sources.seed') as typeof import('./sources.seed');
  const { createApp } = require('../../src/bootstrap') as typeof import('../../src/bootstrap');
  const { Clock } =
    require('../../src/infra/clock/clock') as typeof import('../../src/infra/clock/clock');
  const { PrismaService } =
    require('../../src/infra/prisma/prisma.service') as typeof import('../../src/infra/prisma/prisma.service');
  const { CalendarService } =
    require('../../src/modules/calendar/calendar.service') as typeof import('../../src/modules/calendar/calendar.service');
  /* eslint-enable @typescript-eslint/no-require-imports */

  const app = await createApp();
  const clock = app.get(Clock);
  const today = DateTime.fromJSDate(clock.now(), { zone: 'Asia/Shanghai' });
  const seeded = await seedDemo(app, {
    planFile: SAMPLE_PLAN,
    password: PASSWORD,
    today: today.toISODate()!,
  });
  const cascaded = await seedDemoCascade(app, { planId: seeded.planId, password: PASSWORD });
  await app.listen(PORT, '127.0.0.1');
  const base = `http://127.0.0.1:${PORT}`;
  const reported = await seeded.reportAsLiaison(base);
  const calendar = app.get(CalendarService).current();
  const todayIso = today.toISODate()!;
  const sources = await seedDemoSources(base, {
    password: PASSWORD,
    today: todayIso,
    dueOn: (workingDays) => calendar.addWorkingDays(todayIso, workingDays),
    pendingLiaison: seeded.pendingLiaison,
  });

  // Acknowledgement (签收): reminded on the morning of the deadline, urged a working day later. The
  // deadlines are read back: at 2,880× the demo's day may have turned while the items were created.
  const prisma = app.get(PrismaService);
  const ackDueOf = async (taskId: string, department: string) => {
    const a = await prisma.assignment.findFirstOrThrow({
      where: { taskId, department: { name: department } },
      select: { ackDueOn: true },
    });
    return a.ackDueOn ? a.ackDueOn.toISOString().slice(0, 10) : todayIso;
  };
  const planAckDue = await ackDueOf(seeded.pendingTaskId, '省财政厅');
  const instructionAckDue = await ackDueOf(sources.instructionTaskId, '省财政厅');
  const ackAt = (ackDueOn: string, after: number) =>
    `${calendar.addWorkingDays(ackDueOn, after)}T09:00`;
  const at = (iso: string) => {
    const virtual = DateTime.fromISO(iso, { zone: 'Asia/Shanghai' });
    const realMs = (virtual.toMillis() - virtualStart.getTime()) / SPEED;
    return `${virtual.toFormat('MM-dd HH:mm')} (demo time), about ${Math.max(0, Math.round(realMs / 1000))}s from now`;
  };
  const lines = [
    '',
    '════════════════ duban 督办 demo is running ════════════════',
    `Web interface (中文):   ${base}/   ← log in with one of the logins below`,
    `API docs (OpenAPI):     ${base}/api/docs`,
    `Health:                 ${base}/api/v1/health`,
    `Demo emails (inbox):    http://127.0.0.1:${mailPorts.httpPort}/   (JSON: /messages; SMTP on port ${mailPorts.smtpPort})`,
    `Database:               ${databaseUrl}   queue prefix: ${QUEUE_PREFIX}`,
    `  (the service connects as duban_app: rows only; migrations ran as the owner, ${new URL(migrationUrl).username})`,
    '',
    `Logins for the web interface and the API (password for everyone: ${PASSWORD}):`,
    ...[...seeded.logins, ...cascaded.logins].map(
      (l) => `  ${l.username.padEnd(14)} ${l.role.padEnd(14)} ${l.who}`,
    ),
    `  …and one liaison per department: ${seeded.liaisonCount} in all (GET /api/v1/departments shows the units).`,
    '',
    `Plan: ${seeded.planTitle} — ${seeded.taskCount} tasks, ${seeded.assignmentCount} assignments.`,
    `Cascade: ${cascaded.cities} cities of Jiangsu with ${cascaded.departments} departments derived by name;`,
    `  南京市's plan is published (${cascaded.publishedTasks} tasks, each linked to the province's item; its`,
    `  liaisons are nj-liaison01…); the other ${cascaded.draftPlans} cities' plans are drafts (POST /api/v1/plans/:id/publish).`,
    `  In the web interface: 地区与分解 (admin) for regions and the cascade; a province task's page shows how the`,
    `  cities stand (下级地区办理情况). API: GET /api/v1/plans/:id/rollup, GET /api/v1/tasks/:id/rollup.`,
    `Clock: ${SPEED}× real time (1 real minute = ${(SPEED / 1440).toFixed(0)} days); demo "today" is ${today.toISODate()}.`,
    `Items without a stated deadline were given the default deadline ${seeded.defaultDueOn}. What to watch:`,
    `  now            items 12, 16, 24, 31 (deadlines 2013/2015, long past): one red card each (to the leader and the`,
    `                 office; 红牌警示), not the whole ladder — no backlog storm;`,
    `                 and progress reports due on the 25th: one digest per lead liaison`,
    ...[
      [seeded.timeline.t5, 'T−5 reminders: one digest per liaison listing all their tasks'],
      [seeded.timeline.t1, 'T−1 reminders (digests)'],
      [seeded.timeline.urging, 'urging notices (催办) to lead liaisons and heads'],
      [
        seeded.timeline.supervision,
        'supervision notices (督办单, 督〔年〕N号) to the supervision office',
      ],
      [
        ackAt(instructionAckDue, 0),
        `签收 reminder for the 批示件 (1 working day to acknowledge) to 省民政厅's and 省财政厅's liaisons`,
      ],
      [
        ackAt(instructionAckDue, 1),
        "urging to acknowledge the 批示件 to both departments' heads and liaisons",
      ],
      [
        ackAt(planAckDue, 0),
        `签收 reminder to ${seeded.pendingLiaison} (省财政厅 has not acknowledged its plan items; the other sources' items too)`,
      ],
      [
        ackAt(planAckDue, 1),
        "urging to acknowledge (签收催办) to 省财政厅's head (head-cz) and liaison",
      ],
    ]
      .sort(([a], [b]) => a!.localeCompare(b!))
      .map(([iso, what]) => `  ${at(iso!)}   ${what}`),
    `Progress: ${reported}`,
    ...sources.lines,
    `Inbox: every message also lands in the recipient's in-app inbox (GET /api/v1/me/inbox).`,
    'Security: the demo policy leaves the second factor optional and does not force a first password change, so',
    '      the logins above work as printed (lockout, password rules and session limits are on). To require them, the',
    '      security administrator ticks them at 安全策略 (PUT /api/v1/security/policy), or start a fresh database with',
    '      SECURITY_POLICY_DEFAULTS=strict.',
    `Web:  ${base}/ as ${seeded.logins.find((l) => l.role === 'LIAISON')?.username ?? 'a liaison'} (my tasks, report form, requests), as supervisor`,
    '      (overdue board, decisions on requests), as admin (plan import, units, people, calendar, policy), as',
    '      secadmin (accounts, lockouts, security policy) and as auditor (audit trail, sign-in log).',
    'Try:  curl -s -X POST ' + base + '/api/v1/auth/login -H "content-type: application/json" \\',
    `        -d '{"username":"supervisor","password":"${PASSWORD}"}'`,
    '      then GET /api/v1/supervision/overdue with the token as a Bearer header.',
    `Log:  ${relative(process.cwd(), LOG_FILE) || LOG_FILE} has every line (readable; follow it with tail -f);`,
    '      below, this terminal shows only warnings and errors.',
    'Stop with Ctrl-C.',
    '════════════════════════════════════════════════════════════',
    '',
  ];
  console.log(lines.join('\n'));
  terminal.release();

  const stop = async () => {
    await app.close();
    await mail.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  terminal.release();
  console.error(err);
  process.exit(1);
});
