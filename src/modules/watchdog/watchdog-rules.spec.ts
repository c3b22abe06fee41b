import { ManualClock } from '../../infra/clock/clock';
import { HEARTBEAT } from '../../infra/heartbeat/heartbeat.service';
import { QueueName } from '../../infra/queue/job-catalogue';
import { cadencesOf, staleComponents, WATCHED, WatchInput } from './watchdog-rules';

const S = 1000;
// Production defaults: tick 60 s, watchdog every 30 s, 120 s of grace.
const cadences = cadencesOf({
  tickSeconds: 60,
  intervalSeconds: 30,
  staleSeconds: 120,
  businessMinuteMs: 60 * S,
});
const DELIVERIES = HEARTBEAT.worker(QueueName.Deliveries);

describe('watchdog staleness rules', () => {
  const clock = new ManualClock('2026-12-07T08:00:00Z');
  const start = clock.now();
  /** Every watched component beat at `at`. */
  const allAt = (at: Date) => new Map(WATCHED.map((c) => [c, at]));
  const input = (over: Partial<WatchInput> = {}): WatchInput => ({
    now: clock.now(),
    watchingSince: start,
    latestBeats: allAt(start),
    lateReminders: { count: 0, oldestFireAt: null },
    cadences,
    ...over,
  });
  beforeEach(() => clock.set(start));

  it('each component goes stale after its own cadence plus the grace, not before', () => {
    clock.advance(150 * S); // worker: 30 + 120 = 150 s allowed
    expect(staleComponents(input())).toEqual([]);
    clock.advance(1);
    expect(staleComponents(input()).map((s) => s.component)).toEqual(
      Object.values(QueueName).map((q) => HEARTBEAT.worker(q)),
    );
    clock.set(new Date(start.getTime() + 180 * S + 1)); // tick and sweep: 60 + 120 s
    expect(staleComponents(input()).map((s) => s.component)).toEqual(WATCHED);
  });

  it('a slow tick stretches the tick and the sweep, not the workers', () => {
    const slow = cadencesOf({
      tickSeconds: 300,
      intervalSeconds: 30,
      staleSeconds: 120,
      businessMinuteMs: 60 * S,
    });
    clock.advance(400 * S);
    const stale = staleComponents(input({ cadences: slow })).map((s) => s.component);
    expect(stale).not.toContain(HEARTBEAT.tick);
    expect(stale).not.toContain(HEARTBEAT.sweep);
    expect(stale).toContain(DELIVERIES);
  });

  it('the sweep follows the business minute: the demo clock (×60) makes it a real second', () => {
    const fast = cadencesOf({
      tickSeconds: 1,
      intervalSeconds: 1,
      staleSeconds: 3,
      businessMinuteMs: 1 * S,
    });
    expect(fast.sweepMs).toBe(1 * S);
    expect(cadences.sweepMs).toBe(60 * S);
  });

  it('names the component, since its last beat, with a Chinese reason', () => {
    const beats = allAt(new Date(start.getTime() + 200 * S));
    beats.set(DELIVERIES, start);
    clock.advance(200 * S);
    const [stale] = staleComponents(input({ latestBeats: beats }));
    expect(stale).toMatchObject({
      component: DELIVERIES,
      code: 'SILENT',
      since: start,
      lastBeatAt: start,
    });
    expect(stale!.message).toBe('消息发送队列的工作进程自2026-12-07 16:00:00起没有心跳(超过150秒)');
  });

  it('a component never seen is stale once the watch has lasted its allowance', () => {
    const beats = allAt(start);
    beats.delete(HEARTBEAT.tick);
    clock.advance(100 * S);
    expect(staleComponents(input({ latestBeats: beats, now: clock.now() }))).toEqual([]);
    clock.advance(81 * S);
    const stale = staleComponents(input({ latestBeats: allAt(clock.now()), now: clock.now() }));
    expect(stale).toEqual([]);
    const missing = new Map(allAt(clock.now()));
    missing.delete(HEARTBEAT.tick);
    expect(staleComponents(input({ latestBeats: missing }))).toMatchObject([
      { component: HEARTBEAT.tick, code: 'NEVER_SEEN', since: start, lastBeatAt: null },
    ]);
  });

  it('the wave is judged by late reminders, not by its silence', () => {
    const beats = allAt(clock.now());
    beats.delete(HEARTBEAT.wave); // a wave that never ran is fine when nothing is due
    clock.advance(100 * S);
    expect(staleComponents(input({ latestBeats: beats }))).toEqual([]);
    const due = new Date('2026-12-07T07:50:00Z');
    const [wave] = staleComponents(
      input({ latestBeats: allAt(clock.now()), lateReminders: { count: 7, oldestFireAt: due } }),
    );
    expect(wave).toMatchObject({
      component: HEARTBEAT.wave,
      code: 'REMINDERS_PENDING',
      since: due,
      pendingReminders: 7,
    });
    expect(wave!.message).toBe(
      '7条提醒已到期超过180秒仍未发送(最早一条应于2026-12-07 15:50:00发送)',
    );
  });
});
