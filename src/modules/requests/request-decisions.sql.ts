import { Prisma } from '../../generated/prisma/client';
import type { TaskRequestStatus } from '../../generated/prisma/enums';

/**
 * Claims a pending request for a decision: sets its outcome only while it is PENDING. Of two
 * concurrent decisions the second waits on the row lock, then matches no row (0 affected).
 */
export function claimPendingRequest(
  requestId: string,
  decision: { status: TaskRequestStatus; reason: string | null },
  deciderId: string,
  now: Date,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE task_request
    SET status = ${decision.status}::"TaskRequestStatus", decided_by_id = ${deciderId}::uuid,
        decided_at = ${now}, decision_reason = ${decision.reason}
    WHERE id = ${requestId}::uuid AND status = 'PENDING'`;
}
