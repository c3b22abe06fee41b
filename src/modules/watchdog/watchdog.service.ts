import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { Clock } from '../../infra/clock/clock';
import { HeartbeatClock, HeartbeatService } from '../../infra/heartbeat/heartbeat.service';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { SystemMessagesService } from '../notifications/system-messages.service';
import { alarmMessage, recoveredMessage, WATCHDOG_TEMPLATES } from './watchdog-messages';
import {
  Cadences,
  cadencesOf,
  StaleComponent,
  staleComponents,
  waveLatenessAllowedMs,
} from './watchdog-rules';
import {
  closeIncident,
  extendOpenIncident,
  IncidentComponent,
  IncidentRow,
  LateRemindersRow,
  LatestBeatRow,
  openIncident,
  pruneHeartbeats,
  selectLateReminders,
  selectLatestBeats,
} from './watchdog.sql';
import { WorkerHeartbeats } from './worker-heartbeats';

/** Rows of processes silent this long are forgotten (their component's freshest row is kept). */
const FORGET_PROCESSES_AFTER_MS = 7 * 24 * 3600 * 1000;

/** What one check did. */
export interface CheckOutcome {
  stale: StaleComponent[];
  /** This process opened an incident (and so sent its alarm). */
  opened?: string;
  /** This process closed an incident (and so sent its "recovered"). */
  closed?: string;
  emailsSent: number;
}

/**
 * The watchdog. Every process (API, worker, all) runs it on a timer (WATCHDOG_INTERVAL_SECONDS):
 * its workers beat, then it judges every component's heartbeats (watchdog-rules.ts) and keeps the
 * incident up to date. An incident is a period during which something is stale; at most one is
 * open (a unique key), so however many processes check, one opens it and sends the alarm, one
 * closes it and sends "recovered". The messages go to the active administrators by email and
 * inbox, written and sent by the checking process itself (SystemMessagesService), never through
 * the deliveries queue whose worker may be what died.
 */
@Injectable()
export class WatchdogService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WatchdogService.name);
  private readonly watchingSince: Date;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<unknown>;
  private evaluating?: Promise<StaleComponent[]>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly realClock: HeartbeatClock,
    private readonly heartbeats: HeartbeatService,
    private readonly workers: WorkerHeartbeats,
    private readonly messages: SystemMessagesService,
  ) {
    this.watchingSince = realClock.now();
  }

  /** Off when WATCHDOG_INTERVAL_SECONDS is 0 (the default in tests). */
  get enabled(): boolean {
    return this.config.get('WATCHDOG_INTERVAL_SECONDS') > 0;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const everyMs = this.config.get('WATCHDOG_INTERVAL_SECONDS') * 1000;
    this.timer = setInterval(() => void this.round(), everyMs);
    this.logger.log({ everySeconds: everyMs / 1000 }, 'watchdog started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }

  /** One timer round: this process's workers beat, then the check. Rounds never overlap. */
  async round(): Promise<void> {
    if (this.checking) return;
    const run = (async () => {
      await this.workers.beat();
      await this.check();
    })();
    this.checking = run.catch((err: unknown) =>
      this.logger.error({ err: (err as Error).message }, 'watchdog check failed'),
    );
    await this.checking;
    this.checking = undefined;
  }

  cadences(): Cadences {
    return cadencesOf({
      tickSeconds: this.config.get('TICK_SECONDS'),
      intervalSeconds: this.config.get('WATCHDOG_INTERVAL_SECONDS'),
      staleSeconds: this.config.get('WATCHDOG_STALE_SECONDS'),
      businessMinuteMs: 60_000 / this.clock.businessSpan(1),
    });
  }

  /** The stale components now; concurrent callers (/health under load) share one evaluation. */
  evaluate(): Promise<StaleComponent[]> {
    this.evaluating ??= this.evaluateNow().finally(() => (this.evaluating = undefined));
    return this.evaluating;
  }

  private async evaluateNow(): Promise<StaleComponent[]> {
    const cadences = this.cadences();
    const now = this.realClock.now();
    const lateMs = this.clock.businessSpan(waveLatenessAllowedMs(cadences));
    const cutoff = new Date(this.clock.now().getTime() - lateMs);
    const [beats, [late]] = await Promise.all([
      this.prisma.$queryRaw<LatestBeatRow[]>(selectLatestBeats()),
      this.prisma.$queryRaw<LateRemindersRow[]>(selectLateReminders(cutoff)),
    ]);
    return staleComponents({
      now,
      watchingSince: this.watchingSince,
      latestBeats: new Map(beats.map((b) => [b.component, b.beat_at])),
      lateReminders: { count: late?.count ?? 0, oldestFireAt: late?.oldest ?? null },
      cadences,
    });
  }

  /**
   * One check: opens the incident (with its alarm) when something is stale and none is open, adds
   * newly stale components to an open one, closes it (with "recovered") when nothing is stale;
   * then sends whatever watchdog email is still unsent (a sender that died, an SMTP failure).
   */
  async check(): Promise<CheckOutcome> {
    const stale = await this.evaluate();
    const now = this.realClock.now();
    const outcome: CheckOutcome = { stale, emailsSent: 0 };
    let toSend: string[] = [];
    if (stale.length > 0) {
      const components = stale.map((s) => incidentComponent(s, now));
      await this.prisma.$transaction(async (tx) => {
        const [opened] = await tx.$queryRaw<IncidentRow[]>(
          openIncident(components, now, this.heartbeats.instance),
        );
        if (!opened) {
          await tx.$executeRaw(extendOpenIncident(components));
          return;
        }
        outcome.opened = opened.id;
        toSend = await this.messages.toAdministrators(
          tx,
          alarmMessage(opened.id, opened.opened_at, components),
        );
      });
      if (outcome.opened) {
        this.logger.error({ incident: outcome.opened, stale: components }, 'watchdog: incident');
      }
    } else {
      await this.prisma.$transaction(async (tx) => {
        const [closed] = await tx.$queryRaw<IncidentRow[]>(
          closeIncident(now, this.heartbeats.instance),
        );
        if (!closed) return;
        outcome.closed = closed.id;
        toSend = await this.messages.toAdministrators(
          tx,
          recoveredMessage(closed.id, closed.opened_at, now, closed.components),
        );
      });
      if (outcome.closed) this.logger.log({ incident: outcome.closed }, 'watchdog: recovered');
    }
    outcome.emailsSent = await this.messages.sendNow(toSend);
    // What an earlier check (or a process that died) left unsent; not what just failed here.
    const left = await this.messages.unsent(Object.values(WATCHDOG_TEMPLATES));
    outcome.emailsSent += await this.messages.sendNow(left.filter((id) => !toSend.includes(id)));
    await this.prisma.$executeRaw(
      pruneHeartbeats(new Date(now.getTime() - FORGET_PROCESSES_AFTER_MS)),
    );
    return outcome;
  }
}

function incidentComponent(s: StaleComponent, now: Date): IncidentComponent {
  return {
    component: s.component,
    code: s.code,
    since: s.since.toISOString(),
    message: s.message,
    firstSeenAt: now.toISOString(),
  };
}
