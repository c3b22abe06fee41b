import type { Assignment } from '../../generated/prisma/client';
import { AssignmentRole } from '../../generated/prisma/enums';
import type { AccessPolicyService } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { notLeadDepartment } from './requests.errors';

/**
 * Only a liaison or head of the task's lead department (requests, sub-deadlines): the caller's
 * assignment, or the policy's refusal (404 out of scope), or 403 for a supporting department.
 * TODO(auth): candidate for AccessPolicyService.assertLeadOf.
 */
export async function assertLeadOf(
  policy: AccessPolicyService,
  user: AuthUser,
  taskId: string,
): Promise<Assignment> {
  const assignment = await policy.assertCanReportOn(user, taskId);
  if (assignment.role !== AssignmentRole.LEAD) throw notLeadDepartment();
  return assignment;
}
