/**
 * How a region's task stands, worst first: a red card or a supervision notice (yellow) on its
 * current deadline, overdue, lagging, on track; then closed and withdrawn. Computed by the
 * roll-up query (rollup.sql.ts), which also sorts by this order.
 */
export const CHILD_STATES = [
  'red',
  'yellow',
  'overdue',
  'lagging',
  'on_track',
  'closed',
  'withdrawn',
] as const;
export type ChildState = (typeof CHILD_STATES)[number];
