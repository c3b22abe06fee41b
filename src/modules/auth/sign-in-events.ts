import type { AuditEntry } from '../audit/audit.service';

/** Why a sign-in failed (`auth.login.failed` data.reason; shared contract with the audit pages). */
export type FailureReason =
  'bad_password' | 'unknown_user' | 'locked' | 'disabled' | 'bad_second_factor';

const MAX_TYPED_USERNAME = 64;

/**
 * An account or sign-in event about a person (entity `person`). The actor defaults to the person
 * themselves; the security administrator's actions pass their own id.
 */
export function personEvent(
  action: string,
  personId: string,
  data: object = {},
  actorId: string | null = personId,
): AuditEntry {
  return { actorId, action, entityType: 'person', entityId: personId, data };
}

/** A failed sign-in with a username nobody has: the entity is the name as typed. */
export function unknownUserEvent(typed: string): AuditEntry {
  return {
    actorId: null,
    action: 'auth.login.failed',
    entityType: 'person',
    entityId: typed.slice(0, MAX_TYPED_USERNAME),
    data: { reason: 'unknown_user' satisfies FailureReason },
  };
}
