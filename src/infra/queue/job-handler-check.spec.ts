import { Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AppConfig } from '../../config/app-config.service';
import { JobName, QueueName } from './job-catalogue';
import { JobHandlerCheck, unhandledJobs } from './job-handler-check';
import { CatalogueWorker, JobHandlers, QueueWorker } from './job-handlers';

const done = () => Promise.resolve(undefined);

@QueueWorker(QueueName.Scheduler)
class SchedulerWorker implements CatalogueWorker<QueueName.Scheduler> {
  readonly handlers: JobHandlers<QueueName.Scheduler> = {
    [JobName.Reconcile]: done,
    [JobName.SweepOverdue]: done,
    [JobName.RollUpAccessDenials]: done,
  };
}

@QueueWorker(QueueName.Reminders)
class RemindersWorker implements CatalogueWorker<QueueName.Reminders> {
  readonly handlers: JobHandlers<QueueName.Reminders> = { [JobName.ReminderWave]: done };
}

@QueueWorker(QueueName.Deliveries)
class DeliveriesWorker implements CatalogueWorker<QueueName.Deliveries> {
  readonly handlers: JobHandlers<QueueName.Deliveries> = { [JobName.Deliver]: done };
}

/** A worker of the scheduler queue whose handlers miss a job (what the compiler would refuse). */
@QueueWorker(QueueName.Scheduler)
class PartialSchedulerWorker {
  readonly handlers = { [JobName.Reconcile]: done, [JobName.RollUpAccessDenials]: done };
}

async function boot(workers: Type[], workersEnabled = true): Promise<void> {
  const config = { get: (key: string) => (key === 'WORKERS_ENABLED' ? workersEnabled : undefined) };
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [JobHandlerCheck, { provide: AppConfig, useValue: config }, ...workers],
  }).compile();
  try {
    await moduleRef.init();
  } finally {
    await moduleRef.close();
  }
}

describe('unhandledJobs', () => {
  it('lists every job of the catalogue that no worker of its queue handles', () => {
    expect(unhandledJobs([])).toEqual(Object.values(JobName));
    expect(
      unhandledJobs([
        {
          queue: QueueName.Scheduler,
          jobs: [JobName.Reconcile, JobName.SweepOverdue, JobName.RollUpAccessDenials],
        },
        // A handler on the wrong queue does not count.
        { queue: QueueName.Deliveries, jobs: [JobName.Deliver, JobName.ReminderWave] },
      ]),
    ).toEqual([JobName.ReminderWave]);
  });
});

describe('JobHandlerCheck (boot)', () => {
  it('boots when every job of the catalogue has a handler', async () => {
    await expect(
      boot([SchedulerWorker, RemindersWorker, DeliveriesWorker]),
    ).resolves.toBeUndefined();
  });

  it('fails the boot when a queue has no worker', async () => {
    await expect(boot([SchedulerWorker, DeliveriesWorker])).rejects.toThrow(
      'Jobs without a handler: reminder-wave (queue reminders)',
    );
  });

  it('fails the boot when a worker lacks the handler of one of its jobs', async () => {
    await expect(boot([PartialSchedulerWorker, RemindersWorker, DeliveriesWorker])).rejects.toThrow(
      'Jobs without a handler: sweep-overdue (queue scheduler)',
    );
  });

  it('checks nothing in a process that runs no workers (WORKERS_ENABLED=false)', async () => {
    await expect(boot([], false)).resolves.toBeUndefined();
  });
});
