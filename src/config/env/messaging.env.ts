import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { toBool } from './env-values';
import { ServiceEnv } from './service.env';

/**
 * Messages: the SMTP server, SMS gateway and group robots, and how deliveries are retried.
 * One part of EnvironmentVariables (env.validation.ts), which extends the parts in a chain.
 */
export class MessagingEnv extends ServiceEnv {
  /**
   * The SMTP server that sends the emails (the default is the demo's and tests' local capture).
   * @production set
   */
  @IsString()
  SMTP_HOST = '127.0.0.1';

  /**
   * The SMTP server's port: usually 587 (STARTTLS) or 465 (with SMTP_SECURE=true).
   * @production set
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  SMTP_PORT = 1025;

  /**
   * TLS from the first byte (port 465). With `false` the connection is upgraded by STARTTLS when
   * the server offers it.
   */
  @Transform(toBool)
  @IsBoolean()
  SMTP_SECURE = false;

  /** SMTP user name; unset: no authentication. */
  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  /** SMTP password, used with SMTP_USER. */
  @IsOptional()
  @IsString()
  SMTP_PASS?: string;

  /**
   * The sender of every email (`督办系统 <duban@example.gov.cn>`); its domain also names the
   * messages' Message-ID.
   * @production set
   */
  @IsString()
  MAIL_FROM = '督办系统 <duban@localhost>';

  /**
   * Attempts per message (email, robot, SMS) before its delivery row is marked FAILED; the inbox
   * copy never fails.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DELIVERY_ATTEMPTS = 5;

  /**
   * Delay before the first retry of a failed delivery, in milliseconds; each further retry doubles
   * it (5 attempts at 30 s: the last about 7½ minutes after the first).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DELIVERY_BACKOFF_MS = 30_000;

  /**
   * How long a worker holds a delivery it is sending (real seconds). Longer than any channel's
   * timeout: a lease only outlives its worker when the worker died, and then it delays a resend.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DELIVERY_LEASE_SECONDS = 120;

  /**
   * SMS gateway (any provider behind an HTTP adapter): POST JSON `{ phone, templateId, signName,
   * params }`; unset = SMS deliveries are recorded as FAILED (未配置短信网关).
   */
  @IsOptional()
  @IsString()
  SMS_GATEWAY_URL?: string;

  /** One header line sent with every SMS request, e.g. `Authorization: Bearer <token>`. */
  @IsOptional()
  @IsString()
  SMS_GATEWAY_AUTH_HEADER?: string;

  /** The SMS template registered with the provider, sent as `templateId`. */
  @IsString()
  SMS_TEMPLATE_ID = '';

  /** The SMS signature (签名) registered with the provider, sent as `signName`. */
  @IsString()
  SMS_SIGN_NAME = '';

  /** Timeout of one HTTP call to a group robot or the SMS gateway, in milliseconds. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  CHANNEL_HTTP_TIMEOUT_MS = 10_000;

  /** The rolling window of a robot's `perMinute` limit, in milliseconds (shorter only in tests). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  ROBOT_RATE_WINDOW_MS = 60_000;

  /**
   * Test and demo only: group robots may post to loopback and private addresses over plain http
   * (local sinks). Refused in production; link-local (cloud metadata) and other non-public ranges
   * stay refused even when set.
   * @production refused
   */
  @Transform(toBool)
  @IsBoolean()
  ROBOT_ALLOW_PRIVATE_TARGETS = false;
}
