import { Prisma } from '../../generated/prisma/client';

/**
 * The active security administrators, locked for the transaction: two administrators demoting or
 * disabling each other at once cannot both pass the "one must remain" check.
 */
export const lockActiveSecurityAdmins = (): Prisma.Sql => Prisma.sql`
  SELECT id FROM person WHERE role = 'SECURITY_ADMIN' AND active ORDER BY id FOR UPDATE`;
