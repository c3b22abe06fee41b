import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, JobPayloads, QueueName } from '../../infra/queue/job-catalogue';
import { ReminderOutcome, ReminderSenderService } from './reminder-sender.service';

@Processor(QueueName.Reminders, { concurrency: 8 })
export class RemindersProcessor extends WorkerHost {
  constructor(private readonly sender: ReminderSenderService) {
    super();
  }

  async process(job: Job<JobPayloads[JobName.SendReminder]>): Promise<ReminderOutcome> {
    return this.sender.send(job.data.reminderId);
  }
}
