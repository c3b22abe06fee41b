import { Prisma } from '../../generated/prisma/client';
import type { Channel, DeliveryStatus, RobotKind } from '../../generated/prisma/enums';

export interface RecipientRow {
  id: string;
  display_name: string;
  active: boolean;
  department_id: string | null;
  email: string | null;
  phone: string | null;
  channels: Channel[];
}

/** The people with these ids (one array parameter, however many). */
export function selectRecipients(personIds: readonly string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT id::text, display_name, active, department_id::text, email, phone, channels::text[] AS channels
    FROM person WHERE id = ANY(${personIds}::uuid[])`;
}

export interface RobotRow {
  id: string;
  kind: RobotKind;
  department_id: string | null;
}

/** The active robots of these departments and the office's own (no department), oldest first. */
export function selectActiveRobots(departmentIds: readonly string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT id::text, kind::text AS kind, department_id::text FROM robot
    WHERE active AND (department_id = ANY(${departmentIds}::uuid[]) OR department_id IS NULL)
    ORDER BY created_at`;
}

/** A Delivery row to create, its status and failure already decided (delivery-routing.ts). */
export interface NewDelivery {
  dedupeKey: string;
  recipientId: string | null;
  address: string | null;
  channel: Channel;
  template: string;
  subject: string;
  body: string;
  /** JSON text (the SMS parameters), or null. */
  payload: string | null;
  taskId: string | null;
  taskIds: readonly string[];
  status: DeliveryStatus;
  urgent: boolean;
  notBefore: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  /** JSON text ({kind, id}: what the email attaches), or null. */
  attachment: string | null;
}

export interface InsertedDeliveryRow {
  id: string;
  status: DeliveryStatus;
  dedupe_key: string;
  last_error: string | null;
}

/** Inserts the rows in one statement; a dedupe key already stored is skipped. Returns those created. */
export function insertDeliveries(rows: readonly NewDelivery[], now: Date): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO delivery (dedupe_key, recipient_id, address, channel, template, subject, body,
                          payload, task_id, task_ids, status, urgent, not_before, last_error,
                          created_at, sent_at, attachment)
    SELECT k, r, a, c::"Channel", tp, s, b, p::jsonb, t,
           CASE WHEN ts = '' THEN '{}'::uuid[] ELSE string_to_array(ts, ',')::uuid[] END,
           st::"DeliveryStatus", u, nb::timestamptz, e, ${now}::timestamptz, sa::timestamptz, att::jsonb
    FROM unnest(
      ${rows.map((d) => d.dedupeKey)}::text[], ${rows.map((d) => d.recipientId)}::uuid[],
      ${rows.map((d) => d.address)}::text[], ${rows.map((d) => d.channel)}::text[],
      ${rows.map((d) => d.template)}::text[], ${rows.map((d) => d.subject)}::text[],
      ${rows.map((d) => d.body)}::text[], ${rows.map((d) => d.payload)}::text[],
      ${rows.map((d) => d.taskId)}::uuid[], ${rows.map((d) => d.taskIds.join(','))}::text[],
      ${rows.map((d) => d.status)}::text[], ${rows.map((d) => d.urgent)}::boolean[],
      ${rows.map((d) => d.notBefore?.toISOString() ?? null)}::text[],
      ${rows.map((d) => d.lastError)}::text[],
      ${rows.map((d) => d.sentAt?.toISOString() ?? null)}::text[],
      ${rows.map((d) => d.attachment)}::text[]
    ) AS x(k, r, a, c, tp, s, b, p, t, ts, st, u, nb, e, sa, att)
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id::text, status, dedupe_key, last_error`;
}

/** Of these deliveries, those held until `not_before` (urgent ones are never held). */
export function selectHeldDeliveries(deliveryIds: readonly string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT id::text, not_before FROM delivery
    WHERE id = ANY(${deliveryIds}::uuid[]) AND not_before IS NOT NULL AND NOT urgent`;
}
