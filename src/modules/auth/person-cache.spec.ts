import type { AuthUser } from './auth-user';
import { PersonCacheCore } from './person-cache';

const user = (id: string, role: AuthUser['role'] = 'LIAISON'): AuthUser => ({
  id,
  username: `u-${id}`,
  role,
  departmentId: 'd1',
});

describe('PersonCacheCore', () => {
  let now: number;
  let cache: PersonCacheCore;

  beforeEach(() => {
    now = 1_000;
    cache = new PersonCacheCore(() => now);
  });

  it('keeps nothing until it listens for changes, so every request reads the database', () => {
    const ticket = cache.ticket();
    expect(ticket).toBeNull();
    cache.put(ticket, user('a'));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('answers a stored person while listening', () => {
    cache.setListening(true);
    cache.put(cache.ticket(), user('a'));
    expect(cache.get('a')).toEqual(user('a'));
    expect(cache.get('b')).toBeUndefined();
  });

  it('forgets the person a notification names, and everyone on "*"', () => {
    cache.setListening(true);
    cache.put(cache.ticket(), user('a'));
    cache.put(cache.ticket(), user('b'));
    cache.changed('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toEqual(user('b'));
    cache.changed('*');
    expect(cache.get('b')).toBeUndefined();
  });

  it('drops a read that raced a change: what was read before it may be stale', () => {
    cache.setListening(true);
    const ticket = cache.ticket();
    cache.changed('someone-else');
    cache.put(ticket, user('a', 'HEAD'));
    expect(cache.get('a')).toBeUndefined();
    cache.put(cache.ticket(), user('a'));
    expect(cache.get('a')).toEqual(user('a'));
  });

  it('forgets everything and bypasses itself when the connection is lost, and after', () => {
    cache.setListening(true);
    const ticket = cache.ticket();
    cache.put(cache.ticket(), user('a'));
    cache.setListening(false);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.setListening(true);
    // A read begun before the loss must not be stored after the reconnection either.
    cache.put(ticket, user('a'));
    expect(cache.get('a')).toBeUndefined();
  });

  it('reads a person again after a minute even if no change was heard', () => {
    cache.setListening(true);
    cache.put(cache.ticket(), user('a'));
    now += 59_999;
    expect(cache.get('a')).toEqual(user('a'));
    now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('holds at most 10,000 people, dropping the oldest', () => {
    cache.setListening(true);
    for (let i = 0; i <= 10_000; i++) cache.put(cache.ticket(), user(`p${i}`));
    expect(cache.size).toBe(10_000);
    expect(cache.get('p0')).toBeUndefined();
    expect(cache.get('p1')).toEqual(user('p1'));
    expect(cache.get('p10000')).toEqual(user('p10000'));
  });

  it('wakes whoever waits for the next change or connection event', async () => {
    const events: string[] = [];
    void cache.nextEvent().then(() => events.push('listening'));
    cache.setListening(true);
    await Promise.resolve();
    void cache.nextEvent().then(() => events.push('changed'));
    cache.changed('a');
    await Promise.resolve();
    expect(events).toEqual(['listening', 'changed']);
  });
});
