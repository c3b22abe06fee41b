import { Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { JobName, QueueName } from '../../infra/queue/job-catalogue';
import { CatalogueWorkerHost, JobHandlers, QueueWorker } from '../../infra/queue/job-handlers';
import { ReminderWaveService } from './reminder-wave.service';

/** The worker of the reminders queue: each job is one wave (ReminderWaveService). */
@QueueWorker(QueueName.Reminders, { concurrency: 2 })
export class RemindersProcessor extends CatalogueWorkerHost<QueueName.Reminders> {
  protected readonly logger = new Logger(RemindersProcessor.name);

  readonly handlers: JobHandlers<QueueName.Reminders> = {
    [JobName.ReminderWave]: (job) => this.waves.run(new Date(job.data.upTo)),
  };

  constructor(
    private readonly waves: ReminderWaveService,
    protected readonly config: AppConfig,
  ) {
    super();
  }
}
