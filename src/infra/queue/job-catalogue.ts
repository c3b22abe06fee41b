/**
 * Every queue and job, defined once. Payloads carry ids only: the row in PostgreSQL holds the state,
 * so a lost Redis loses no information (it is rebuilt by reconciliation).
 */
export enum QueueName {
  Scheduler = 'scheduler',
  Reminders = 'reminders',
  Deliveries = 'deliveries',
}

export enum JobName {
  SweepOverdue = 'sweep-overdue',
  Reconcile = 'reconcile',
  /** Refusals (403) of the minutes that are over, counted, into the audit trail. */
  RollUpAccessDenials = 'roll-up-access-denials',
  /** Every pending reminder due by `upTo`, sent as one set-based wave of per-person digests. */
  ReminderWave = 'reminder-wave',
  Deliver = 'deliver',
}

export interface JobPayloads {
  [JobName.SweepOverdue]: Record<string, never>;
  [JobName.Reconcile]: Record<string, never>;
  [JobName.RollUpAccessDenials]: Record<string, never>;
  [JobName.ReminderWave]: { upTo: string };
  [JobName.Deliver]: { deliveryId: string };
}

export type JobOf<N extends JobName> = { name: N; data: JobPayloads[N] };

/** The queue each job is put on, and so the worker that must handle it. */
export const JOB_QUEUE = {
  [JobName.SweepOverdue]: QueueName.Scheduler,
  [JobName.Reconcile]: QueueName.Scheduler,
  [JobName.RollUpAccessDenials]: QueueName.Scheduler,
  [JobName.ReminderWave]: QueueName.Reminders,
  [JobName.Deliver]: QueueName.Deliveries,
} as const satisfies Record<JobName, QueueName>;

/** The jobs of one queue. */
export type JobsOf<Q extends QueueName> = {
  [N in JobName]: (typeof JOB_QUEUE)[N] extends Q ? N : never;
}[JobName];

/** Deterministic job ids (BullMQ rejects ':' in custom ids). Uniqueness lives in PostgreSQL too. */
export const jobIds = {
  /** One wave per instant at which reminders fall due (they share the plan's sending hour). */
  reminderWave: (upTo: Date) => `reminder-wave-${upTo.getTime()}`,
  delivery: (deliveryId: string) => `delivery-${deliveryId}`,
  /** One sweep per tick bucket, however many instances tick. */
  sweep: (bucket: string) => `sweep-${bucket}`,
  reconcile: (bucket: string) => `reconcile-${bucket}`,
  rollUpAccessDenials: (bucket: string) => `access-denials-${bucket}`,
};

/** Keep finished job ids for a while so that a second instance's identical tick is absorbed. */
export const KEEP_FINISHED = { age: 3600, count: 10_000 };
