import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { AppConfig } from '../../../config/app-config.service';
import type { ChannelResult } from './http-channel';

export interface EmailMessage {
  /** Delivery id: becomes the Message-ID, so a receiving system can spot a re-send. */
  deliveryId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Files the email carries (a notice's .docx). */
  attachments?: { filename: string; contentType: string; content: Buffer }[];
}

export type { ChannelResult };

/**
 * Email over SMTP. One pooled transport for the whole process, created at start and closed at
 * shutdown (after the drain has let the sends in flight finish, see infra/lifecycle). nodemailer encodes the
 * Chinese subject (RFC 2047) and bodies (UTF-8, quoted-printable or base64) itself.
 */
@Injectable()
export class EmailChannel implements OnApplicationShutdown {
  private readonly logger = new Logger(EmailChannel.name);
  private readonly transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;
  private readonly from: string;
  private readonly messageIdDomain: string;

  constructor(config: AppConfig) {
    const user = config.get('SMTP_USER');
    this.transport = nodemailer.createTransport({
      pool: true,
      host: config.get('SMTP_HOST'),
      port: config.get('SMTP_PORT'),
      secure: config.get('SMTP_SECURE'),
      auth: user ? { user, pass: config.get('SMTP_PASS') ?? '' } : undefined,
      maxConnections: 5,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 60_000,
    });
    this.from = config.get('MAIL_FROM');
    this.messageIdDomain = /@([^>\s]+)/.exec(this.from)?.[1] ?? 'duban.localhost';
  }

  async send(message: EmailMessage): Promise<ChannelResult> {
    const info = await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      // nodemailer encodes a Chinese filename (RFC 2231) itself.
      attachments: message.attachments,
      messageId: `<delivery-${message.deliveryId}@${this.messageIdDomain}>`,
      headers: { 'X-Duban-Delivery': message.deliveryId },
    });
    return { providerResponse: `${info.response} (${info.messageId})` };
  }

  onApplicationShutdown(): void {
    this.transport.close();
    this.logger.log('SMTP pool closed');
  }
}
