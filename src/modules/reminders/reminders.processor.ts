import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../../config/app-config.service';
import { runWorkerIfEnabled } from '../../infra/queue/worker-lifecycle';
import { JobName, JobPayloads, QueueName } from '../../infra/queue/job-catalogue';
import { ReminderOutcome, ReminderSenderService } from './reminder-sender.service';

@Processor(QueueName.Reminders, { concurrency: 8, autorun: false })
export class RemindersProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersProcessor.name);

  constructor(
    private readonly sender: ReminderSenderService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    runWorkerIfEnabled(this, this.config, this.logger);
  }

  async process(job: Job<JobPayloads[JobName.SendReminder]>): Promise<ReminderOutcome> {
    return this.sender.send(job.data.reminderId);
  }
}
