import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.service';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { JobName, JobPayloads, jobIds, QueueName } from '../../infra/queue/job-catalogue';
import type { Scope } from '../auth/scope';
import { deliveryWhere } from '../auth/scope-where';
import { routeMessage, RoutingRecipient, RoutingRobot } from './delivery-routing';
import {
  InsertedDeliveryRow,
  insertDeliveries,
  NewDelivery,
  RecipientRow,
  RobotRow,
  selectActiveRobots,
  selectHeldDeliveries,
  selectRecipients,
} from './notifications.sql';
import { deliveryFailure } from './templates/delivery-failures';
import type { DeliveryLogEntry, DeliveryLogFilter, OutgoingMessage } from './notifications.types';
import {
  inboxText,
  isDigestVars,
  renderStoredForm,
  type DigestVars,
  type TemplateVars,
} from './templates';

import { DeputyRow, selectActiveDeputies, withDeputyCopies } from './deputy-copies';
import { localDateOf } from '../../common/time/local-date';
export type { DigestVars, TemplateName, TemplateVars } from './templates';
export type {
  DeliveryAttachmentRef,
  DeliveryLogEntry,
  DeliveryLogFilter,
  OutgoingMessage,
} from './notifications.types';

const RECONCILE_BATCH = 1000;

/**
 * The delivery log and its queue. Callers (reminders, escalation) create deliveries inside their
 * own transaction and dispatch them after it commits; PostgreSQL's unique dedupe key, not Redis,
 * is what guarantees a message is created (and so sent) once.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Deliveries) private readonly queue: Queue,
  ) {}

  /**
   * Inside the caller's transaction: renders each message and inserts its Delivery rows, one per
   * channel, in one statement (`INSERT … SELECT unnest(…) ON CONFLICT (dedupe_key) DO NOTHING`),
   * after reading the recipients and their departments' robots (one statement each).
   *
   * Channels, addresses and failures are routeMessage's (delivery-routing.ts). INBOX rows are stored
   * SENT at once and never queued. A message that cannot be sent on a channel (no recipient, an
   * unknown or inactive one, no address, no robot) is stored at once as FAILED with a Chinese
   * `lastError`: a visible failure, never a silent drop. Returns the ids of the rows newly created
   * as PENDING.
   */
  async createDeliveries(tx: Tx, messages: OutgoingMessage[]): Promise<string[]> {
    // The first message per key wins, as the database would decide across calls.
    const seen = new Set<string>();
    const unique = messages.filter((m) => {
      const key = `${m.dedupeKey}\u0000${m.channel ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (unique.length === 0) return [];
    const ctx = { publicUrl: this.config.get('PUBLIC_URL') };
    const now = this.clock.now();
    await this.addDeputyCopies(tx, unique, now);
    const smsConfigured = Boolean(this.config.get('SMS_GATEWAY_URL'));
    const recipientIds = [
      ...new Set(unique.flatMap((m) => (m.recipientId ? [m.recipientId] : []))),
    ];
    const people = await tx.$queryRaw<RecipientRow[]>(selectRecipients(recipientIds));
    const departmentIds = [...new Set(people.flatMap((p) => p.department_id ?? []))];
    const robots = (await tx.$queryRaw<RobotRow[]>(selectActiveRobots(departmentIds))).map(
      (r): RoutingRobot => ({ id: r.id, kind: r.kind, departmentId: r.department_id }),
    );
    const byId = new Map(people.map((p) => [p.id, recipientOf(p)]));

    const rows = unique.flatMap((m): NewDelivery[] => {
      const rendered = renderStoredForm(m.template, m.vars, ctx);
      const bodies = {
        text: rendered.text,
        inbox: inboxText(rendered.text),
        markdown: rendered.markdown,
      };
      const person = m.recipientId ? byId.get(m.recipientId) : undefined;
      const routed = { ...m, urgent: m.urgent === true, missingRecipient: missingReason(m) };
      return routeMessage(routed, person, robots, smsConfigured).map((route) => ({
        dedupeKey: m.channel ? m.dedupeKey : `${m.dedupeKey}-${route.channel}`,
        recipientId: person?.id ?? null,
        address: route.address,
        channel: route.channel,
        template: m.template,
        subject: rendered.subject,
        body: bodies[route.body],
        payload: route.channel === 'SMS' ? JSON.stringify(rendered.sms) : null,
        taskId: m.taskId,
        taskIds: taskIdsOf(m),
        status: route.status,
        urgent: m.urgent === true,
        notBefore: m.urgent || !m.notBefore ? null : m.notBefore,
        lastError: route.error,
        sentAt: route.status === 'SENT' ? now : null,
        // An email carries the file; an inbox entry links to it (robots and SMS have no files).
        attachment:
          m.attachment && (route.channel === 'EMAIL' || route.channel === 'INBOX')
            ? JSON.stringify(m.attachment)
            : null,
      }));
    });
    const inserted = await tx.$queryRaw<InsertedDeliveryRow[]>(insertDeliveries(rows, now));

    for (const r of inserted.filter((row) => row.status === 'FAILED')) {
      this.logger.warn(
        { deliveryId: r.id, dedupeKey: r.dedupe_key, reason: r.last_error },
        'delivery failed before sending',
      );
    }
    return inserted.filter((r) => r.status === 'PENDING').map((r) => r.id);
  }

  /**
   * A deputy (委托) in force receives the person's messages too (see withDeputyCopies); appended
   * to `messages` in place, one statement whatever their number.
   */
  private async addDeputyCopies(tx: Tx, messages: OutgoingMessage[], now: Date): Promise<void> {
    const ids = [...new Set(messages.flatMap((m) => (m.recipientId ? [m.recipientId] : [])))];
    if (ids.length === 0) return;
    const deputies = await tx.$queryRaw<DeputyRow[]>(selectActiveDeputies(ids, localDateOf(now)));
    const all = withDeputyCopies(messages, deputies);
    messages.splice(0, messages.length, ...all);
  }

  /**
   * After the transaction committed: one Deliver job per id, with a deterministic job id so that a
   * double dispatch (or reconciliation racing a dispatch) enqueues once. A delivery held by quiet
   * hours (notBefore) gets a job delayed until then (`clock.realDelayUntil`); the processor checks
   * the hold again, so an early promotion cannot send it early.
   */
  async dispatch(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    const attempts = this.config.get('DELIVERY_ATTEMPTS');
    const delay = this.config.get('DELIVERY_BACKOFF_MS');
    // One array parameter, however many ids (an `IN` list would hit the bind-parameter limit).
    const held = await this.prisma.$queryRaw<Array<{ id: string; not_before: Date }>>(
      selectHeldDeliveries(deliveryIds),
    );
    const holdMs = new Map(held.map((d) => [d.id, this.clock.realDelayUntil(d.not_before)]));
    const data = (deliveryId: string): JobPayloads[JobName.Deliver] => ({ deliveryId });
    await this.queue.addBulk(
      deliveryIds.map((id) => ({
        name: JobName.Deliver,
        data: data(id),
        opts: {
          jobId: jobIds.delivery(id),
          attempts,
          backoff: { type: 'exponential', delay },
          ...(holdMs.get(id) ? { delay: holdMs.get(id) } : {}),
        },
      })),
    );
  }

  /**
   * Reconciliation after Redis loss (or a crash between commit and dispatch): re-enqueues every
   * PENDING delivery, in batches. Idempotent: a job already queued or retrying keeps its id.
   */
  async reconcilePending(): Promise<number> {
    let count = 0;
    let after: string | undefined;
    for (;;) {
      const batch = await this.prisma.delivery.findMany({
        where: { status: 'PENDING', ...(after ? { id: { gt: after } } : {}) },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: RECONCILE_BATCH,
      });
      if (batch.length === 0) break;
      const ids = batch.map((d) => d.id);
      await this.dispatch(ids);
      await this.retryFailedJobs(ids);
      count += batch.length;
      after = batch[batch.length - 1]!.id;
      if (batch.length < RECONCILE_BATCH) break;
    }
    if (count > 0) this.logger.log({ count }, 'pending deliveries re-enqueued');
    return count;
  }

  /**
   * A row still PENDING whose job ended failed (its last attempt could not even record the failure,
   * e.g. PostgreSQL was down) would block re-adding under the same id: retry that job instead.
   */
  private async retryFailedJobs(deliveryIds: string[]): Promise<void> {
    for (const id of deliveryIds) {
      const job = await this.queue.getJob(jobIds.delivery(id));
      if (!job) continue;
      if (await job.isFailed()) {
        await job.retry('failed', { resetAttemptsMade: true });
      } else if (await job.isCompleted()) {
        // Its job ended without settling the row (e.g. the row was held by a worker that then
        // died): a fresh job under the same id.
        await job.remove();
        await this.dispatch([id]);
      }
    }
  }

  /**
   * The delivery log, newest first: what the supervision office reads to see failures. Within the
   * caller's scope: messages to people of its departments or of its regions' offices, and messages
   * without a recipient about its tasks.
   */
  async listDeliveries(scope: Scope, filter: DeliveryLogFilter): Promise<DeliveryLogEntry[]> {
    const rows = await this.prisma.delivery.findMany({
      where: {
        status: filter.status,
        ...(filter.taskId ? { taskIds: { has: filter.taskId } } : {}),
        ...deliveryWhere(scope),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: filter.limit ?? 100,
      include: { recipient: { select: { displayName: true } } },
    });
    return rows.map((d) => ({
      id: d.id,
      status: d.status,
      channel: d.channel,
      template: d.template,
      subject: d.subject,
      taskId: d.taskId,
      recipientId: d.recipientId,
      recipientName: d.recipient?.displayName ?? null,
      address: d.address,
      urgent: d.urgent,
      notBefore: d.notBefore,
      attempts: d.attempts,
      lastError: d.lastError,
      providerResponse: d.providerResponse,
      createdAt: d.createdAt,
      sentAt: d.sentAt,
    }));
  }
}

/** Why a message has no recipient (null when it has one); by default, its department has no liaison. */
function missingReason(m: OutgoingMessage): string | null {
  if (m.recipientId) return null;
  const department = isDigestVars(m.vars) ? m.vars.items[0]?.departmentName : m.vars.departmentName;
  return deliveryFailure.noRecipient(
    m.missingRecipientReason ?? deliveryFailure.noLiaison(department),
  );
}

function recipientOf(row: RecipientRow): RoutingRecipient {
  return {
    id: row.id,
    displayName: row.display_name,
    active: row.active,
    departmentId: row.department_id,
    email: row.email,
    phone: row.phone,
    channels: row.channels,
  };
}

/** The tasks a message is about: a digest's items, a notice's tasks, or its one task. */
function taskIdsOf(m: OutgoingMessage): string[] {
  const items = (m.vars as Partial<DigestVars>).items;
  if (Array.isArray(items)) return [...new Set(items.map((i) => i.taskId))];
  const notice = (m.vars as TemplateVars).notice;
  if (notice) return [...new Set(notice.tasks.map((t) => t.taskId))];
  return m.taskId ? [m.taskId] : [];
}
