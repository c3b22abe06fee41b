import { randomUUID } from 'node:crypto';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { eventually, seedPendingReminders } from '../support/fixtures';
import { listedTaskNumbers } from '../support/mail-counts';
import { faultRig } from '../support/fault-rig';
import { asOwner } from '../support/owner-db';

/**
 * Two real service processes (API, scheduler and workers each) against one PostgreSQL and one Redis:
 * every reminder still goes out once, and both processes do part of the work. Each task is also
 * overdue to be acknowledged (签收), so its ACK_OVERDUE urging goes out in the same wave, to the
 * liaison (in the same digest) and to the department's head.
 */
describe('two service processes', () => {
  const rig = faultRig({ after: 'all', end: 'stop' });
  const { mail } = rig;

  beforeAll(async () => {
    await asOwner(
      `TRUNCATE audit_event, delivery, escalation, reminder, progress_report, assignment, task, section,
         chapter, plan_version, plan, person, department_alias, department RESTART IDENTITY CASCADE`,
    );
  });

  it('sends each of 80 digests once (40 liaisons, 40 heads) while both processes work the queues', async () => {
    // The processes' clock runs at 4× real time from 08:59:40 Shanghai. The 40 liaisons × 5 tasks are
    // seeded only once both processes are up, due 20 s of their time (5 s real) later: however slowly
    // the processes start, both are waiting when the wave and its 40 digests arrive.
    const realStart = Date.now();
    const virtualStart = new Date('2026-11-23T00:59:40Z');
    const speed = 4;
    const env = {
      QUEUE_PREFIX: `duban-two-${randomUUID().slice(0, 8)}`,
      CLOCK_VIRTUAL_START: virtualStart.toISOString(),
      CLOCK_REAL_START: String(realStart),
      CLOCK_SPEED: String(speed),
      TICK_SECONDS: '1',
    };
    const started = await Promise.all(['P', 'Q'].map((name) => rig.start(name, env)));
    const virtualNow = virtualStart.getTime() + (Date.now() - realStart) * speed;
    await seedPendingReminders(rig.prisma as unknown as PrismaService, {
      departments: 40,
      tasksEach: 5,
      dueOn: '2026-11-27',
      fireAt: new Date(virtualNow + 20_000),
      ack: { kind: 'ACK_OVERDUE', dueOn: '2026-11-20' },
    });
    expect(mail.messages()).toHaveLength(0);
    await eventually(async () => mail.messages().length >= 80, 45_000);
    await eventually(
      async () => (await rig.prisma.delivery.count({ where: { status: 'PENDING' } })) === 0,
      20_000,
    );

    expect(await rig.prisma.reminder.count({ where: { status: 'SENT' } })).toBe(400);
    expect(
      await rig.prisma.reminder.count({ where: { kind: 'ACK_OVERDUE', status: 'SENT' } }),
    ).toBe(200);
    expect(await rig.prisma.delivery.count({ where: { channel: 'EMAIL' } })).toBe(80);
    const recipients = mail.messages().flatMap((m) => m.to);
    expect(new Set(recipients).size).toBe(80);
    expect(recipients).toHaveLength(80);
    // A head is urged about the acknowledgement only: 5 tasks, each listed once.
    const heads = mail.messages().filter((m) => m.to.some((a) => a.startsWith('h')));
    expect(heads).toHaveLength(40);
    expect(heads.every((m) => m.subject.includes('逾期未签收'))).toBe(true);
    expect(heads.every((m) => listedTaskNumbers(m).length === 5)).toBe(true);
    const liaisons = mail.messages().filter((m) => m.to.some((a) => a.startsWith('l')));
    expect(liaisons.every((m) => listedTaskNumbers(m).length === 10)).toBe(true);
    const sentBy = started.map(
      (p) => p.logs.filter((line) => line.includes('"delivery sent"')).length,
    );
    expect(sentBy[0]! + sentBy[1]!).toBe(80);
    // Both processes took part: the queue, not luck, kept them from sending twice.
    expect(sentBy[0]).toBeGreaterThan(0);
    expect(sentBy[1]).toBeGreaterThan(0);
  });
});
