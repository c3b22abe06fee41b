import { Actor, BUSINESS, PEOPLE, Person, SEES_REGION, SEES_TASK, Where } from './actors';

/** The status an actor gets for a resource at `where`. */
export type Rule = (actor: Actor, where: Where) => number;

/** `ok` for the listed roles, 403 for the others (the role guard), 401 without a token. */
export const only =
  (ok: number, roles: Person[]): Rule =>
  (a) =>
    a === 'anon' ? 401 : roles.includes(a) ? ok : 403;

/** Every signed-in person, the security staff included (their own account, inbox, channels). */
export const anyone = (ok: number): Rule => only(ok, PEOPLE);

/** Every role that works with business data; the security staff is refused. */
export const business = (ok: number): Rule => only(ok, BUSINESS);

/** The same status for everyone (public routes). */
export const always =
  (status: number): Rule =>
  () =>
    status;

/**
 * A route on one task (or a request on it): the role guard first (403), then the scope: a task out
 * of the caller's scope answers 404 like a missing one (its existence is not revealed).
 */
export const onTask =
  (ok: number, roles: Person[]): Rule =>
  (a, w) =>
    a === 'anon' ? 401 : !roles.includes(a) ? 403 : SEES_TASK[a].includes(w) ? ok : 404;

/** A route on one plan or region: the role guard, then the caller's region subtree (404). */
export const inRegion =
  (ok: number, roles: Person[]): Rule =>
  (a, w) =>
    a === 'anon' ? 401 : !roles.includes(a) ? 403 : SEES_REGION[a].includes(w) ? ok : 404;

/**
 * Filing on a task (progress reports): any business role reaches the task; out of scope is 404,
 * and in scope only a department's people file (403 for the office and leaders).
 */
export const filing =
  (ok: number): Rule =>
  (a, w) => {
    if (a === 'anon') return 401;
    if (!BUSINESS.includes(a)) return 403;
    if (!SEES_TASK[a].includes(w)) return 404;
    return a === 'HEAD' || a === 'LIAISON' || a === 'X_LIAISON' ? ok : 403;
  };
