import { deniedTarget, minuteOf } from './access-denied.auditor';
import { likePrefix } from './audit-search.sql';
import { requestIdFrom } from './request-context';
import { trustProxySetting } from '../../config/trust-proxy';

describe('deniedTarget', () => {
  const id = '11111111-1111-4111-8111-111111111111';

  it('names the task of /tasks/:id routes', () => {
    expect(deniedTarget('/api/v1/tasks/:id', { id }, `/api/v1/tasks/${id}`)).toEqual({
      entityType: 'task',
      entityId: id,
      taskId: id,
    });
    expect(deniedTarget('/api/v1/tasks/:id/reports', { id }, '')).toMatchObject({
      entityType: 'task',
      entityId: id,
    });
  });

  it('takes the most specific parameter, and keeps the task for its history', () => {
    expect(
      deniedTarget('/api/v1/tasks/:id/requests/:requestId', { id, requestId: 'r1' }, ''),
    ).toEqual({ entityType: 'task_request', entityId: 'r1', taskId: id });
    expect(deniedTarget('/api/v1/plans/:id/policy', { id: 'p1' }, '')).toEqual({
      entityType: 'plan',
      entityId: 'p1',
    });
  });

  it('falls back to the route when it has no parameter', () => {
    expect(deniedTarget('/api/v1/audit/export', {}, '/api/v1/audit/export')).toEqual({
      entityType: 'route',
      entityId: '/audit/export',
    });
    expect(deniedTarget(undefined, {}, '/api/v1/deliveries')).toEqual({
      entityType: 'route',
      entityId: '/deliveries',
    });
  });

  it('clips very long values', () => {
    const long = 'x'.repeat(1000);
    expect(deniedTarget('/tasks/:id', { id: long }, '').entityId.length).toBeLessThan(310);
  });
});

describe('requestIdFrom', () => {
  it('keeps short safe tokens and replaces anything else', () => {
    expect(requestIdFrom('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    expect(requestIdFrom(['first', 'second'])).toBe('first');
    for (const bad of [undefined, '', 'a b', '<x>', 'x'.repeat(65), '中文', 'a\nb']) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('trustProxySetting', () => {
  it('maps TRUST_PROXY to the Express setting', () => {
    expect(trustProxySetting('false')).toBeUndefined();
    expect(trustProxySetting('')).toBeUndefined();
    expect(trustProxySetting('true')).toBe(true);
    expect(trustProxySetting('1')).toBe(1);
    expect(trustProxySetting('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
  });
});

describe('minuteOf and likePrefix', () => {
  it('buckets an instant into its minute', () => {
    expect(minuteOf(new Date('2026-11-24T03:00:59.999Z')).toISOString()).toBe(
      '2026-11-24T03:00:00.000Z',
    );
    expect(minuteOf(new Date('2026-11-24T03:01:00.000Z')).toISOString()).toBe(
      '2026-11-24T03:01:00.000Z',
    );
  });

  it('takes LIKE wildcards in an action prefix literally', () => {
    expect(likePrefix('auth.')).toBe('auth.%');
    expect(likePrefix('a_b%c\\')).toBe('a\\_b\\%c\\\\%');
  });
});
