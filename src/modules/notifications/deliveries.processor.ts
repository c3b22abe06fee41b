import { Processor, WorkerHost } from '@nestjs/bullmq';
import { runWorkerIfEnabled } from '../../infra/queue/worker-lifecycle';
import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '../../config/app-config.service';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { JobName, JobPayloads, QueueName } from '../../infra/queue/job-catalogue';
import type { Delivery } from '../../generated/prisma/client';
import { ChannelResult, EmailChannel } from './channels/email.channel';
import { renderHtml } from './templates';

type DeliverJob = Job<JobPayloads[JobName.Deliver], void, JobName.Deliver>;

/** A failure that retrying cannot fix: the row is marked FAILED at once. */
class PermanentDeliveryError extends Error {}

/**
 * Sends one Delivery row. The row is the state: a delivery that is no longer PENDING is never sent
 * again, and every outcome is written back with a conditional update (`status = PENDING`). A failed
 * attempt is recorded and rethrown so BullMQ retries with exponential backoff; the last attempt, or
 * an SMTP 5xx answer, marks the row FAILED so the office sees it in the delivery log.
 *
 * The worker starts only when WORKERS_ENABLED (an API-only process enqueues but does not send).
 */
@Processor(QueueName.Deliveries, { autorun: false, concurrency: 5 })
export class DeliveriesProcessor
  extends WorkerHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(DeliveriesProcessor.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly email: EmailChannel,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    runWorkerIfEnabled(this, this.config, this.logger);
  }

  /** Let the in-flight sends finish before the SMTP pool closes (EmailChannel, on shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  async process(job: DeliverJob): Promise<void> {
    const { deliveryId } = job.data;
    const delivery = await this.prisma.delivery.findUnique({ where: { id: deliveryId } });
    if (!delivery) {
      this.logger.warn({ deliveryId, jobId: job.id }, 'delivery row not found; job dropped');
      return;
    }
    if (delivery.status !== 'PENDING') {
      this.logger.debug({ deliveryId, status: delivery.status }, 'delivery already settled');
      return;
    }
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;

    let result: ChannelResult;
    try {
      result = await this.send(delivery);
    } catch (err) {
      const permanent = err instanceof PermanentDeliveryError || isPermanentSmtpError(err);
      const final = permanent || attempt >= maxAttempts;
      const lastError = `第${attempt}次发送失败:${describeError(err)}`;
      await this.prisma.delivery.updateMany({
        where: { id: deliveryId, status: 'PENDING' },
        data: { attempts: { increment: 1 }, lastError, ...(final ? { status: 'FAILED' } : {}) },
      });
      const context = { deliveryId, attempt, maxAttempts, error: lastError };
      if (final) {
        this.logger.error(context, 'delivery failed');
      } else {
        this.logger.warn(context, 'delivery attempt failed; will retry');
      }
      if (permanent) throw new UnrecoverableError(lastError);
      throw err;
    }

    const settled = await this.prisma.delivery.updateMany({
      where: { id: deliveryId, status: 'PENDING' },
      data: {
        status: 'SENT',
        sentAt: this.clock.now(),
        attempts: { increment: 1 },
        providerResponse: result.providerResponse,
      },
    });
    if (settled.count === 0) {
      this.logger.warn({ deliveryId }, 'delivery sent but its row had changed meanwhile');
      return;
    }
    this.logger.log({ deliveryId, attempt, channel: delivery.channel }, 'delivery sent');
  }

  private async send(delivery: Delivery): Promise<ChannelResult> {
    switch (delivery.channel) {
      case 'EMAIL':
        if (!delivery.address) throw new PermanentDeliveryError('收件人未设置电子邮箱');
        return this.email.send({
          deliveryId: delivery.id,
          to: delivery.address,
          subject: delivery.subject,
          text: delivery.body,
          html: renderHtml(delivery.subject, delivery.body),
        });
      default:
        throw new PermanentDeliveryError(`暂不支持该发送渠道:${delivery.channel}`);
    }
  }
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** A 5xx SMTP reply is a refusal that a retry will not change (unknown mailbox, policy). */
function isPermanentSmtpError(err: unknown): boolean {
  const code = (err as SmtpError | undefined)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED']);

/** A reason the office can read, with the server's own words kept for the administrator. */
function describeError(err: unknown): string {
  if (err instanceof PermanentDeliveryError) return err.message;
  const e = (err ?? {}) as SmtpError;
  if (typeof e.responseCode === 'number') {
    const kind = e.responseCode >= 500 ? '邮件服务器拒收' : '邮件服务器暂时拒收';
    return `${kind}(${e.responseCode}) ${e.response ?? e.message ?? ''}`.trim();
  }
  if (e.code && CONNECTION_CODES.has(e.code)) {
    return `无法连接邮件服务器(${e.code}) ${e.message ?? ''}`.trim();
  }
  return e.message ?? String(err);
}
