import type { Role } from '../../../src/generated/prisma/enums';

/**
 * Who calls, for the authorization matrix. The top level (the office running duban) has its
 * departments A = 省民政厅 (the top actors' own), B = 省财政厅, C = 省发展改革委. Below it: 矩阵X市
 * (region X) with its county 矩阵X县 (X1), and X's sibling 矩阵Y市 (Y), each with a department
 * (XA, X1A, YA). The X_ actors belong to region X: its office, a leader of XA, XA's liaison.
 */
export const ACTORS = [
  'anon',
  'ADMIN',
  'SUPERVISOR',
  'LEADER',
  'LEADER_NO_DEPT',
  'HEAD',
  'LIAISON',
  'X_SUPERVISOR',
  'X_LEADER',
  'X_LIAISON',
  'SECURITY_ADMIN',
  'AUDITOR',
] as const;
export type Actor = (typeof ACTORS)[number];
export type Person = Exclude<Actor, 'anon'>;
export const PEOPLE = ACTORS.filter((a): a is Person => a !== 'anon');

export const USERNAMES: Record<Person, string> = {
  ADMIN: 'm.admin',
  SUPERVISOR: 'm.supervisor',
  LEADER: 'm.leader',
  LEADER_NO_DEPT: 'm.leader.c',
  HEAD: 'm.head.a',
  LIAISON: 'm.liaison.a',
  X_SUPERVISOR: 'm.x.supervisor',
  X_LEADER: 'm.x.leader',
  X_LIAISON: 'm.x.liaison',
  SECURITY_ADMIN: 'm.security',
  AUDITOR: 'm.auditor',
};

export const ROLE_OF: Record<Person, Role> = {
  ADMIN: 'ADMIN',
  SUPERVISOR: 'SUPERVISOR',
  LEADER: 'LEADER',
  LEADER_NO_DEPT: 'LEADER',
  HEAD: 'HEAD',
  LIAISON: 'LIAISON',
  X_SUPERVISOR: 'SUPERVISOR',
  X_LEADER: 'LEADER',
  X_LIAISON: 'LIAISON',
  SECURITY_ADMIN: 'SECURITY_ADMIN',
  AUDITOR: 'AUDITOR',
};

/**
 * Where a resource sits: `own` / `other` = the top level, led by A / B (for the X_ actors: the
 * level above); `x` = region X, led by XA (in the X_ actors' scope); `x1` = X's county (in the X
 * office's subtree); `y` = X's sibling region; `missing` = no such resource; `-` = no resource.
 */
export type Where = 'own' | 'other' | 'x' | 'x1' | 'y' | 'missing' | '-';
export const TASK_WHERE: Where[] = ['own', 'other', 'x', 'x1', 'y', 'missing'];
/** Plans: the top office's plan, X's, X1's, Y's (a draft), none. */
export const PLAN_WHERE: Where[] = ['own', 'x', 'x1', 'y', 'missing'];
/** Regions: X, X1, Y, none (the top level is no region). */
export const REGION_WHERE: Where[] = ['x', 'x1', 'y', 'missing'];

const EVERYWHERE: Where[] = ['own', 'other', 'x', 'x1', 'y'];
const X_SUBTREE: Where[] = ['x', 'x1'];

/** The task positions in each actor's scope (role × departments × region subtree). */
export const SEES_TASK: Record<Actor, Where[]> = {
  anon: [],
  ADMIN: EVERYWHERE,
  SUPERVISOR: EVERYWHERE,
  LEADER: ['own'],
  LEADER_NO_DEPT: [],
  HEAD: ['own'],
  LIAISON: ['own'],
  X_SUPERVISOR: X_SUBTREE,
  X_LEADER: ['x'],
  X_LIAISON: ['x'],
  SECURITY_ADMIN: [],
  AUDITOR: [],
};

/** The plan and region positions in each actor's region subtree. */
export const SEES_REGION: Record<Actor, Where[]> = {
  anon: [],
  ADMIN: EVERYWHERE,
  SUPERVISOR: EVERYWHERE,
  LEADER: EVERYWHERE,
  LEADER_NO_DEPT: EVERYWHERE,
  HEAD: EVERYWHERE,
  LIAISON: EVERYWHERE,
  X_SUPERVISOR: X_SUBTREE,
  X_LEADER: X_SUBTREE,
  X_LIAISON: X_SUBTREE,
  SECURITY_ADMIN: [],
  AUDITOR: [],
};

/** Every role that works with business data (the security staff does not). */
export const BUSINESS: Person[] = PEOPLE.filter((a) => a !== 'SECURITY_ADMIN' && a !== 'AUDITOR');
/** The supervision office (top and region) and administrators. */
export const OFFICE: Person[] = ['ADMIN', 'SUPERVISOR', 'X_SUPERVISOR'];
/** The office and the leaders (dashboards, plans, regions). */
export const OFFICE_AND_LEADERS: Person[] = [...OFFICE, 'LEADER', 'LEADER_NO_DEPT', 'X_LEADER'];
/** The departments' people. */
export const DEPARTMENTS: Person[] = ['HEAD', 'LIAISON', 'X_LIAISON'];
