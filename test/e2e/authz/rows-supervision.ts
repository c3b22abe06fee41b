import { OFFICE_AND_LEADERS } from './actors';
import type { Row } from './row';
import { business, only } from './rules';

/**
 * The supervision lists, counts and ledger: every business role, each scoped to what it may read
 * (the rows differ, not the status: the answers are searched for anything out of scope).
 */
export const SUPERVISION_ROWS: Row[] = [
  ...(
    [
      'overdue',
      'due-soon',
      'lagging',
      'stalled',
      'disputed',
      'overdue/by-department',
      'stats?groupBy=department',
      'stats/trend',
      'ledger?format=csv',
    ] as const
  ).map((path): Row => ({
    route: `GET /supervision/${path.split('?')[0]}`,
    where: ['-'],
    request: () => ({ method: 'GET', path: `/supervision/${path}` }),
    expect: business(200),
  })),
  ...(['assessment', 'bulletin?format=markdown'] as const).map((path): Row => ({
    route: `GET /supervision/${path.split('?')[0]}`,
    where: ['-'],
    request: () => ({ method: 'GET', path: `/supervision/${path}` }),
    expect: only(200, OFFICE_AND_LEADERS),
  })),
];
