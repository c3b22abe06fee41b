import { Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { HEARTBEAT, HeartbeatService } from '../../infra/heartbeat/heartbeat.service';
import { JobName, QueueName } from '../../infra/queue/job-catalogue';
import { CatalogueWorkerHost, JobHandlers, QueueWorker } from '../../infra/queue/job-handlers';
import { ReminderWaveService } from './reminder-wave.service';

/** The worker of the reminders queue: each job is one wave (ReminderWaveService). */
@QueueWorker(QueueName.Reminders, { concurrency: 2 })
export class RemindersProcessor extends CatalogueWorkerHost<QueueName.Reminders> {
  protected readonly logger = new Logger(RemindersProcessor.name);

  readonly handlers: JobHandlers<QueueName.Reminders> = {
    [JobName.ReminderWave]: (job) => this.wave(new Date(job.data.upTo)),
  };

  constructor(
    private readonly waves: ReminderWaveService,
    protected readonly config: AppConfig,
    private readonly heartbeats: HeartbeatService,
  ) {
    super();
  }

  /**
   * A wave, then its heartbeat (for the record: the watchdog judges the wave by the reminders
   * still pending past due, since a wave runs only when reminders fall due).
   */
  private async wave(upTo: Date): Promise<unknown> {
    const result = await this.waves.run(upTo);
    await this.heartbeats.beat(HEARTBEAT.wave, { upTo, result });
    return result;
  }
}
