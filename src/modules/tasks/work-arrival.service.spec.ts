import type { Queue } from 'bullmq';
import { JobName } from '../../infra/queue/job-catalogue';
import { WorkArrival } from './work-arrival.service';

/** A scheduler queue that records what is added, or refuses (Redis down). */
function schedulerQueue(refuse = false) {
  const added: { name: string; opts: unknown }[] = [];
  const queue = {
    add: (name: string, _data: unknown, opts: unknown) => {
      if (refuse) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
      added.push({ name, opts });
      return Promise.resolve({ id: 'x' });
    },
  } as unknown as Queue;
  return { queue, added };
}

describe('WorkArrival', () => {
  it('settles every follow-up in registration order; a failing one is reported, not thrown', async () => {
    const arrival = new WorkArrival(schedulerQueue().queue);
    const ran: string[] = [];
    arrival.register('acknowledgement', () => {
      ran.push('acknowledgement');
      return Promise.reject(new Error('deadlock detected'));
    });
    arrival.register('notices', () => {
      ran.push('notices');
      return Promise.resolve({ notices: 3 });
    });
    await expect(arrival.settle()).resolves.toEqual({
      acknowledgement: { failed: true },
      notices: { notices: 3 },
    });
    expect(ran).toEqual(['acknowledgement', 'notices']);
  });

  it('settleInBackground enqueues one reconcile job named after the writer', async () => {
    const { queue, added } = schedulerQueue();
    await new WorkArrival(queue).settleInBackground('cascade-p1-1700000000000');
    expect(added).toEqual([
      { name: JobName.Reconcile, opts: { jobId: 'reconcile-now-cascade-p1-1700000000000' } },
    ]);
  });

  it('settleInBackground does not fail a committed writer when Redis refuses the job', async () => {
    const { queue, added } = schedulerQueue(true);
    await expect(
      new WorkArrival(queue).settleInBackground('cascade-p1-1'),
    ).resolves.toBeUndefined();
    expect(added).toHaveLength(0);
  });
});
