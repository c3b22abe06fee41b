import { Redis } from 'ioredis';
import { REDIS_URL } from './services';

/**
 * The keys matching `pattern` (a Redis glob), one SCAN batch at a time: unlike KEYS, SCAN never
 * blocks a server that other runs are using.
 */
export async function* scanKeys(redis: Redis, pattern: string): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) yield keys;
  } while (cursor !== '0');
}

/**
 * Deletes every key that starts with `prefix` (a run's queue prefix: the test run's, the demo's, a
 * bench part's) and returns how many there were. Opens a connection of its own.
 */
export async function deleteKeysByPrefix(prefix: string, redisUrl = REDIS_URL): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    for await (const keys of scanKeys(redis, pattern)) deleted += await redis.unlink(...keys);
    return deleted;
  } finally {
    redis.disconnect();
  }
}
