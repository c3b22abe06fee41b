import {
  allowedEvents,
  EVENT_LABELS,
  invalidTransitionMessage,
  movesOn,
  STATE_LABELS,
  TASK_EVENTS,
  TASK_STATES,
  TaskEvent,
  TaskState,
  statesAccepting,
  transition,
} from './task-state-machine';

/** The whole table: state → event → target (or absent = refused). `WORK` = back to work. */
const WORK = 'WORK' as const;
const EXPECTED: Record<TaskState, Partial<Record<TaskEvent, TaskState | typeof WORK>>> = {
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
  SUSPENDED: { RESUME: WORK, WITHDRAW: 'WITHDRAWN' },
  WITHDRAWN: { REINSTATE: 'ASSIGNED' },
  DISPUTED: { UPHOLD: WORK, REASSIGN: 'ASSIGNED', WITHDRAW: 'WITHDRAWN' },
};

describe('statesAccepting', () => {
  it('lists exactly the states whose row accepts the event', () => {
    for (const event of TASK_EVENTS) {
      const expected = (Object.keys(EXPECTED) as TaskState[]).filter(
        (st) => EXPECTED[st][event] !== undefined,
      );
      expect(statesAccepting(event).sort()).toEqual(expected.sort());
    }
    expect(statesAccepting('REINSTATE')).toEqual(['WITHDRAWN']);
  });
});

describe('movesOn', () => {
  it('pairs each accepting state with its target, for every event', () => {
    for (const event of TASK_EVENTS) {
      for (const hasReports of [false, true]) {
        const expected = statesAccepting(event).map((from) => {
          const to = EXPECTED[from][event]!;
          return { from, to: to === WORK ? (hasReports ? 'IN_PROGRESS' : 'ASSIGNED') : to };
        });
        expect(movesOn(event, { hasReports })).toEqual(expected);
      }
    }
    expect(movesOn('REPORT_PROGRESS')).toEqual([{ from: 'ASSIGNED', to: 'IN_PROGRESS' }]);
    expect(movesOn('REINSTATE')).toEqual([{ from: 'WITHDRAWN', to: 'ASSIGNED' }]);
  });
});

describe('task state machine', () => {
  const cases = TASK_STATES.flatMap((state) =>
    TASK_EVENTS.map((event) => [state, event] as [TaskState, TaskEvent]),
  );

  it.each(cases)('%s × %s', (state, event) => {
    const expected = EXPECTED[state][event];
    for (const hasReports of [false, true]) {
      const result = transition(state, event, { hasReports });
      if (expected === undefined) {
        expect(result).toEqual({ ok: false, allowed: allowedEvents(state) });
        if (!result.ok) expect(result.allowed).not.toContain(event);
      } else if (expected === WORK) {
        expect(result).toEqual({ ok: true, to: hasReports ? 'IN_PROGRESS' : 'ASSIGNED' });
      } else {
        expect(result).toEqual({ ok: true, to: expected });
      }
    }
  });

  it('lists exactly the accepted events of every state, in catalogue order', () => {
    for (const state of TASK_STATES) {
      const accepted = TASK_EVENTS.filter((e) => EXPECTED[state][e] !== undefined);
      expect(allowedEvents(state)).toEqual(accepted);
    }
  });

  it('defaults to "no reports" when no context is given', () => {
    expect(transition('DISPUTED', 'UPHOLD')).toEqual({ ok: true, to: 'ASSIGNED' });
    expect(transition('SUSPENDED', 'RESUME')).toEqual({ ok: true, to: 'ASSIGNED' });
  });

  it('has no way out of CLOSED, and out of WITHDRAWN only by a revision that reinstates it', () => {
    expect(allowedEvents('CLOSED')).toEqual([]);
    expect(allowedEvents('WITHDRAWN')).toEqual(['REINSTATE']);
  });

  it('never produces a state that is not in the catalogue', () => {
    for (const [state, event] of cases) {
      const r = transition(state, event, { hasReports: true });
      if (r.ok) expect(TASK_STATES).toContain(r.to);
    }
  });

  it('labels every state and event in Chinese', () => {
    for (const s of TASK_STATES) expect(STATE_LABELS[s]).toMatch(/\p{Script=Han}/u);
    for (const e of TASK_EVENTS) expect(EVENT_LABELS[e]).toMatch(/\p{Script=Han}/u);
  });

  it('names the current state and the allowed operations in a refusal', () => {
    expect(invalidTransitionMessage('CLOSURE_REQUESTED', 'DISPUTE')).toBe(
      '任务当前状态为“申请办结中”,不能提出职责异议;当前可以进行的操作:同意办结、退回办结申请、撤销任务',
    );
    expect(invalidTransitionMessage('CLOSED', 'REQUEST_CLOSURE')).toBe(
      '任务当前状态为“已办结销号”,不能申请办结销号;该状态下不能再进行任何操作',
    );
  });
});
