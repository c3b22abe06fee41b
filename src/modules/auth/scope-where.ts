import type { Prisma } from '../../generated/prisma/client';
import { isUnscoped, type Scope } from './scope';

// The scope as Prisma conditions, for the reads that go through the ORM (raw statements use the
// fragments of access-policy.sql.ts). Each is `{}` when the scope admits everything of its kind.

/** A task with a current assignment of a department in scope. */
export function taskWhere(scope: Scope): Prisma.TaskWhereInput {
  if (scope.departmentIds === null) return {};
  const assigned: Prisma.TaskWhereInput = {
    assignments: { some: { departmentId: { in: scope.departmentIds }, removedAt: null } },
  };
  // A leader also reads the items that carry their own instruction (批示件), whose closure they
  // review (复核), whichever departments it went to.
  return scope.user.role === 'LEADER'
    ? { OR: [assigned, { plan: { leaderId: scope.user.id } }] }
    : assigned;
}

/** A request on a task in scope. */
export function requestWhere(scope: Scope): Prisma.TaskRequestWhereInput {
  return scope.departmentIds === null ? {} : { task: taskWhere(scope) };
}

/** A plan of the region subtree (the top office's own plans only for an unscoped region). */
export function planWhere(scope: Scope): Prisma.PlanWhereInput {
  return scope.regionIds === null ? {} : { regionId: { in: scope.regionIds } };
}

/** A department of the region subtree. */
export function departmentWhere(scope: Scope): Prisma.DepartmentWhereInput {
  return scope.regionIds === null ? {} : { regionId: { in: scope.regionIds } };
}

/**
 * The departments named by id that the caller may assign work to: those of its scope (a department
 * out of scope is as unknown as one that does not exist). Count them against the ids given.
 */
export function namedDepartmentsWhere(scope: Scope, ids: string[]): Prisma.DepartmentWhereInput {
  return {
    AND: [
      { id: { in: ids } },
      ...(scope.departmentIds === null ? [] : [{ id: { in: scope.departmentIds } }]),
    ],
  };
}

/** A region of the subtree. */
export function regionWhere(scope: Scope): Prisma.RegionWhereInput {
  return scope.regionIds === null ? {} : { id: { in: scope.regionIds } };
}

/**
 * A message in scope: to a person of a department in scope or of an office in the region
 * subtree, or without a recipient and about a task in scope.
 */
export function deliveryWhere(scope: Scope): Prisma.DeliveryWhereInput {
  if (isUnscoped(scope)) return {};
  const departmentIds = scope.departmentIds ?? [];
  return {
    OR: [
      {
        recipient: {
          OR: [
            { departmentId: { in: departmentIds } },
            ...(scope.regionIds === null ? [] : [{ regionId: { in: scope.regionIds } }]),
          ],
        },
      },
      {
        recipientId: null,
        task: { assignments: { some: { departmentId: { in: departmentIds }, removedAt: null } } },
      },
    ],
  };
}
