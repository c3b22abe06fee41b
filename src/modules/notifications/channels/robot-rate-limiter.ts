import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../config/app-config.service';
import { QueueName } from '../../../infra/queue/job-catalogue';

const COMMAND = 'dubanRobotSlot';

/**
 * KEYS[1] = the robot's sorted set of send times; ARGV = window ms, limit, member. Drops entries
 * older than the window and takes a slot when fewer than `limit` remain; otherwise answers how many
 * ms until the oldest leaves the window. Redis's own TIME keeps every process on one clock.
 */
const SLOT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

/**
 * Each robot's limit (`perMinute` messages in any rolling window of ROBOT_RATE_WINDOW_MS, 60 s in
 * production), shared by every worker process through the deliveries queue's Redis connection.
 * A send that finds the window full is not dropped: the processor delays its job until a slot frees.
 */
@Injectable()
export class RobotRateLimiter {
  private readonly windowMs: number;
  private readonly prefix: string;
  private defined = false;

  constructor(
    config: AppConfig,
    @InjectQueue(QueueName.Deliveries) private readonly queue: Queue,
  ) {
    this.windowMs = config.get('ROBOT_RATE_WINDOW_MS');
    this.prefix = config.get('QUEUE_PREFIX');
  }

  /** Takes a slot for one message to `robotId`: 0 = go ahead, n > 0 = retry in n ms. */
  async acquire(robotId: string, perMinute: number): Promise<number> {
    const client = await this.queue.getBackend().client;
    if (!this.defined) {
      client.defineCommand(COMMAND, { numberOfKeys: 1, lua: SLOT_SCRIPT });
      this.defined = true;
    }
    const wait = await client.runCommand(COMMAND, [
      `${this.prefix}:robot-rate:{${robotId}}`,
      this.windowMs,
      Math.max(1, perMinute),
      randomUUID(),
    ]);
    return Number(wait);
  }
}
