import { isLocalDate, type LocalDate } from '../../common/time/local-date';
import type { WorkSource } from '../../generated/prisma/enums';
import type { PlanPolicy } from '../plan-policy/plan-policy';
import { resolvePolicy, type PolicyProblem } from '../plan-policy/resolve-policy';
import { sourcePolicyInput } from '../plan-policy/source-policy';
import {
  deadlineAndOngoing,
  deadlineInPast,
  deadlineOrOngoing,
  FieldProblem,
  invalidDate,
  leadMissing,
  ongoingWithoutCadence,
} from './work-items.errors';

/**
 * New work as the office gives it, whatever the channel (a form per source, a row of the Excel
 * template), and the pure checks it must pass before any department is looked up. Pure.
 */

/** One item (a task to be): departments by id or by name (the directory resolves names). */
export interface ItemInput {
  text: string;
  lead: string[];
  support: string[];
  /** The deadline (办结时限 / 答复时限), a local date; absent with `ongoing` for a standing item. */
  dueOn?: string | null;
  ongoing?: boolean;
}

/** One container (the `plan` row of a source) and its items. */
export interface ContainerInput {
  source: WorkSource;
  title: string;
  documentNumber: string | null;
  issuedOn: string | null;
  leaderId: string | null;
  policy: unknown;
  /** A client token: the same creator sending it twice gets the first container back. */
  requestId?: string;
  items: ItemInput[];
  /** How a field of item `i` is named in errors: `items[2].` for a meeting, `` for one item. */
  itemField: (i: number, field: string) => string;
}

/** An item whose units are department ids (resolved and in scope). */
export interface ResolvedItem {
  no: number;
  text: string;
  lead: string[];
  support: string[];
  dueOn: LocalDate | null;
}

export interface ResolvedContainer {
  source: WorkSource;
  title: string;
  documentNumber: string | null;
  issuedOn: LocalDate | null;
  leaderId: string | null;
  policy: PlanPolicy;
  requestId?: string;
  items: ResolvedItem[];
  /** The source document (批示原件), stored before the transaction. */
  document?: StoredDocument;
}

export interface StoredDocument {
  fileName: string;
  storedPath: string;
  size: number;
  mimeType: string;
  sha256: string;
}

/** The fields of one item in error messages: `lead[0]`, `items[2].lead`. */
export const singleField = (_i: number, field: string) => field;
export const itemsField = (i: number, field: string) => `items[${i}].${field}`;

/** The policy to store: the source's defaults under what the office gave, validated. */
export function containerPolicy(
  source: WorkSource,
  given: unknown,
): { policy: PlanPolicy; problems: PolicyProblem[] } {
  return resolvePolicy(sourcePolicyInput(source, given));
}

/**
 * The deadline of an item: a local date not before today, or null for an ongoing item (which
 * needs a reporting cadence, or nobody would ever hear of it).
 */
export function itemDeadline(
  item: Pick<ItemInput, 'dueOn' | 'ongoing'>,
  field: (name: string) => string,
  today: LocalDate,
  policy: PlanPolicy,
  problems: FieldProblem[],
): LocalDate | null {
  const given = item.dueOn !== undefined && item.dueOn !== null && item.dueOn !== '';
  if (given && item.ongoing) problems.push(deadlineAndOngoing(field('dueOn')));
  else if (!given && !item.ongoing) problems.push(deadlineOrOngoing(field('dueOn')));
  else if (given && !isLocalDate(item.dueOn!)) problems.push(invalidDate(field('dueOn')));
  else if (given && item.dueOn! < today) problems.push(deadlineInPast(field('dueOn'), today));
  else if (!given && policy.reporting.cadence === 'none') {
    problems.push(ongoingWithoutCadence(field('ongoing')));
  }
  return given ? item.dueOn! : null;
}

/** Checks what needs no database: deadlines, a lead for every item, the date of the document. */
export function checkItems(
  c: ContainerInput,
  policy: PlanPolicy,
  today: LocalDate,
  problems: FieldProblem[],
): (LocalDate | null)[] {
  if (c.issuedOn !== null && !isLocalDate(c.issuedOn)) problems.push(invalidDate('issuedOn'));
  return c.items.map((item, i) => {
    const field = (name: string) => c.itemField(i, name);
    if (item.lead.length === 0) problems.push(leadMissing(field('lead')));
    return itemDeadline(item, field, today, policy, problems);
  });
}
