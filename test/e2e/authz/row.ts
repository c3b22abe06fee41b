import type { Actor, Where } from './actors';
import type { Ctx } from './context';
import type { Rule } from './rules';

export interface Req {
  method: string;
  path: string;
  body?: unknown;
}

/** One route of the matrix: how to call it at each position, and what each actor gets. */
export interface Row {
  /** `METHOD /path` as registered, without the /api/v1 prefix. */
  route: string;
  /** The positions tried (see Where); `['-']` for a route on no single resource. */
  where: Where[];
  request: (c: Ctx, actor: Actor, where: Where) => Promise<Req> | Req;
  expect: Rule;
  /**
   * Why a route on one resource has no region axis (the caller's own thing, administrators only,
   * a private token). A route with a path parameter must try in scope, a sibling region and the
   * level above, or say here why not.
   */
  regionless?: string;
  /** Why the cells must run one at a time (they share something, or the route is timed). */
  serial?: string;
  /** Why the answers are not searched for out-of-scope ids (a public route, the actor aside). */
  unscanned?: string;
  /** What a successful answer must show the actor (so that a scoped list is not simply empty). */
  shows?: (c: Ctx, actor: Actor) => string[];
}
