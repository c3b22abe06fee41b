import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig } from '../../config/app-config.service';
import { JobName, JobPayloads, QueueName } from '../../infra/queue/job-catalogue';
import { runWorkerIfEnabled } from '../../infra/queue/worker-lifecycle';
import { ReminderWaveService, WaveResult } from './reminder-wave.service';

@Processor(QueueName.Reminders, { concurrency: 2, autorun: false })
export class RemindersProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersProcessor.name);

  constructor(
    private readonly waves: ReminderWaveService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    runWorkerIfEnabled(this, this.config, this.logger);
  }

  async process(job: Job<JobPayloads[JobName.ReminderWave]>): Promise<WaveResult> {
    return this.waves.run(new Date(job.data.upTo));
  }
}
