/**
 * The task lifecycle as a pure function: no Nest, no Prisma. TasksService applies it inside a
 * transaction with a conditional update; everything else only asks it what is allowed.
 *
 * Overdue and lagging are derived from dates and reports (task-deadline.ts, escalation policy); they
 * are not states.
 */

export const TASK_STATES = [
  'ASSIGNED',
  'IN_PROGRESS',
  'CLOSURE_REQUESTED',
  'CLOSED',
  'SUSPENDED',
  'WITHDRAWN',
  'DISPUTED',
] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TASK_EVENTS = [
  /** The lead department's first progress report. */
  'REPORT_PROGRESS',
  /** The lead asks to close the task (办结销号). */
  'REQUEST_CLOSURE',
  /** The office closes it. */
  'APPROVE_CLOSURE',
  /** The office returns the closure request with a reason. */
  'RETURN_CLOSURE',
  /** An assigned department contests its assignment (职责异议). */
  'DISPUTE',
  /** The office keeps the assignment as it was. */
  'UPHOLD',
  /** The office changes the departments: the task starts afresh. */
  'REASSIGN',
  /** The office approves an extension: same state, new deadline. */
  'EXTEND_DEADLINE',
  /** The office suspends supervision of the task. */
  'SUSPEND',
  'RESUME',
  /** A revised plan no longer contains the task. */
  'WITHDRAW',
  /** A later revision contains it again: it starts afresh. */
  'REINSTATE',
] as const;
export type TaskEvent = (typeof TASK_EVENTS)[number];

/** Facts the machine needs that are not the state itself. */
export interface TransitionContext {
  /** Whether the lead department has reported on the task (UPHOLD and RESUME return to work). */
  hasReports?: boolean;
}

export type TransitionResult = { ok: true; to: TaskState } | { ok: false; allowed: TaskEvent[] };

/** Where an uphold or resume returns to: in progress once anything was reported, else assigned. */
const backToWork = (ctx: TransitionContext): TaskState =>
  ctx.hasReports ? 'IN_PROGRESS' : 'ASSIGNED';

type Target = TaskState | ((ctx: TransitionContext) => TaskState);

const TRANSITIONS: Readonly<Record<TaskState, Partial<Record<TaskEvent, Target>>>> = {
  ASSIGNED: {
    REPORT_PROGRESS: 'IN_PROGRESS',
    REQUEST_CLOSURE: 'CLOSURE_REQUESTED',
    DISPUTE: 'DISPUTED',
    EXTEND_DEADLINE: 'ASSIGNED',
    SUSPEND: 'SUSPENDED',
    WITHDRAW: 'WITHDRAWN',
  },
  IN_PROGRESS: {
    REQUEST_CLOSURE: 'CLOSURE_REQUESTED',
    DISPUTE: 'DISPUTED',
    EXTEND_DEADLINE: 'IN_PROGRESS',
    SUSPEND: 'SUSPENDED',
    WITHDRAW: 'WITHDRAWN',
  },
  CLOSURE_REQUESTED: {
    APPROVE_CLOSURE: 'CLOSED',
    RETURN_CLOSURE: 'IN_PROGRESS',
    WITHDRAW: 'WITHDRAWN',
  },
  CLOSED: {},
  SUSPENDED: {
    RESUME: backToWork,
    WITHDRAW: 'WITHDRAWN',
  },
  WITHDRAWN: {
    REINSTATE: 'ASSIGNED',
  },
  DISPUTED: {
    UPHOLD: backToWork,
    REASSIGN: 'ASSIGNED',
    WITHDRAW: 'WITHDRAWN',
  },
};

/** The states from which `event` is accepted (for set-based moves of many tasks at once). */
export function statesAccepting(event: TaskEvent): TaskState[] {
  return TASK_STATES.filter((st) => TRANSITIONS[st][event] !== undefined);
}

/** One move an event makes: from a state that accepts it to the state it leads to. */
export interface TaskMove {
  from: TaskState;
  to: TaskState;
}

/**
 * Every move `event` makes, one per accepting state, in state order (for statements that move a
 * task in SQL: they take these as parameters instead of spelling states out).
 */
export function movesOn(event: TaskEvent, ctx: TransitionContext = {}): TaskMove[] {
  return statesAccepting(event).map((from) => {
    const result = transition(from, event, ctx);
    if (!result.ok) throw new Error(`${from} accepts ${event} but has no target`);
    return { from, to: result.to };
  });
}

/** The events that `state` accepts, in catalogue order. */
export function allowedEvents(state: TaskState): TaskEvent[] {
  const row = TRANSITIONS[state];
  return TASK_EVENTS.filter((e) => row[e] !== undefined);
}

export function transition(
  state: TaskState,
  event: TaskEvent,
  ctx: TransitionContext = {},
): TransitionResult {
  const target = TRANSITIONS[state][event];
  if (target === undefined) return { ok: false, allowed: allowedEvents(state) };
  return { ok: true, to: typeof target === 'function' ? target(ctx) : target };
}

export const STATE_LABELS: Readonly<Record<TaskState, string>> = {
  ASSIGNED: '已交办',
  IN_PROGRESS: '推进中',
  CLOSURE_REQUESTED: '申请办结中',
  CLOSED: '已办结销号',
  SUSPENDED: '已暂停督办',
  WITHDRAWN: '已撤销',
  DISPUTED: '职责异议中',
};

export const EVENT_LABELS: Readonly<Record<TaskEvent, string>> = {
  REPORT_PROGRESS: '报送进展',
  REQUEST_CLOSURE: '申请办结销号',
  APPROVE_CLOSURE: '同意办结',
  RETURN_CLOSURE: '退回办结申请',
  DISPUTE: '提出职责异议',
  UPHOLD: '维持原分工',
  REASSIGN: '重新交办',
  EXTEND_DEADLINE: '延期',
  SUSPEND: '暂停督办',
  RESUME: '恢复督办',
  WITHDRAW: '撤销任务',
  REINSTATE: '恢复任务',
};

/** The Chinese message for a refused event: the current state and what it allows instead. */
export function invalidTransitionMessage(state: TaskState, event: TaskEvent): string {
  const allowed = allowedEvents(state);
  const what = `任务当前状态为“${STATE_LABELS[state]}”,不能${EVENT_LABELS[event]}`;
  return allowed.length === 0
    ? `${what};该状态下不能再进行任何操作`
    : `${what};当前可以进行的操作:${allowed.map((e) => EVENT_LABELS[e]).join('、')}`;
}
