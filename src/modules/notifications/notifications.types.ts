import type { Channel, DeliveryStatus } from '../../generated/prisma/enums';
import type { DigestVars, TemplateName, TemplateVars } from './templates';

/**
 * One message to one recipient, for one purpose (the dedupe key), on the channels the recipient
 * chose (or on one channel the caller names).
 */
export interface OutgoingMessage {
  /**
   * Purpose + recipient, WITHOUT channel, e.g. `digest-<personId>-<wave>`: createDeliveries stores
   * one row per channel under `<dedupeKey>-<CHANNEL>`. When `channel` is given the key is used as
   * is (so existing callers' `…-EMAIL` keys keep their meaning and their rows).
   */
  dedupeKey: string;
  /** Person id; null = nobody to send to (stored as a visible FAILED delivery). */
  recipientId: string | null;
  /**
   * Omitted = the recipient's chosen channels (Person.channels, default EMAIL + INBOX; urgent adds
   * every channel the person can be reached on). Given = exactly this channel, whatever the
   * person's choice, with the dedupe key unchanged.
   */
  channel?: Channel;
  template: TemplateName;
  /** DigestVars for `reminder-digest`, TemplateVars of one task otherwise. */
  vars: TemplateVars | DigestVars;
  /** Null for a digest spanning several tasks. */
  taskId: string | null;
  /**
   * Urgent: sent on the chosen channels plus every channel the person can be reached on (EMAIL if
   * an address, SMS if a phone, INBOX, their department's robots), and never held by notBefore.
   */
  urgent?: boolean;
  /** Quiet hours: the delivery is held until then (its job is delayed, see dispatch). */
  notBefore?: Date;
  /**
   * Why there is no recipient, in Chinese, when the caller knows better than the default
   * (e.g. `督查室尚未设置督办人员`; a leading `无收件人:` is not doubled). Used only when
   * recipientId is null.
   */
  missingRecipientReason?: string;
  /**
   * A document the email carries (its EMAIL row stores this reference; the file is rendered from
   * the database at send time, see DeliveryAttachments), e.g. the 交办通知 or 督办单 as .docx.
   */
  attachment?: DeliveryAttachmentRef;
}

/** What a delivery attaches: a kind registered with DeliveryAttachments and the row it renders. */
export interface DeliveryAttachmentRef {
  kind: string;
  id: string;
}

export interface DeliveryLogFilter {
  status?: DeliveryStatus;
  taskId?: string;
  limit?: number;
}

export interface DeliveryLogEntry {
  id: string;
  status: DeliveryStatus;
  channel: Channel;
  template: string;
  subject: string;
  taskId: string | null;
  recipientId: string | null;
  recipientName: string | null;
  address: string | null;
  urgent: boolean;
  notBefore: Date | null;
  attempts: number;
  lastError: string | null;
  providerResponse: string | null;
  createdAt: Date;
  sentAt: Date | null;
}
