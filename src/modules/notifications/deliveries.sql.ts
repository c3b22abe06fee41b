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
