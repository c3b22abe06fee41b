import { Prisma } from '../../generated/prisma/client';

/**
 * Takes a pending delivery for `leaseSeconds` unless another worker holds it; returns its id when
 * taken (no row otherwise).
 */
export function leaseDelivery(deliveryId: string, leaseSeconds: number): Prisma.Sql {
  return Prisma.sql`
    UPDATE delivery SET lease_until = now() + make_interval(secs => ${leaseSeconds})
    WHERE id = ${deliveryId}::uuid AND status = 'PENDING'
      AND (lease_until IS NULL OR lease_until < now())
    RETURNING id`;
}

/**
 * The update that records a pending delivery as sent (the channel accepted it) and frees its lease;
 * `where` keeps it pending-only, so a row settled meanwhile is left alone (the count says so).
 */
export function markSent(
  id: string,
  sentAt: Date,
  providerResponse: string | null | undefined,
): Prisma.DeliveryUpdateManyArgs {
  return {
    where: { id, status: 'PENDING' },
    data: {
      status: 'SENT',
      sentAt,
      attempts: { increment: 1 },
      providerResponse,
      leaseUntil: null,
    },
  };
}
