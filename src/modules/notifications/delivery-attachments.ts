import { Injectable } from '@nestjs/common';
import type { DeliveryAttachmentRef } from './notifications.types';

/** A file an email carries, rendered when it is sent. */
export interface RenderedAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Renders the file of one kind from its row (null: the row is gone). */
export type AttachmentRenderer = (id: string) => Promise<RenderedAttachment | null>;

/** Where the web interface downloads the document (a path below /api/v1), from its id and task. */
export type AttachmentPath = (id: string, taskId: string | null) => string;

/** The attachment of a delivery cannot be rendered now (no renderer, a database error): retry. */
export class AttachmentUnavailable extends Error {}

/**
 * What an email attaches is a reference on its Delivery row ({kind, id}), not a blob: the file is
 * rendered from the database when the email is sent, so a retry sends the same document and the
 * delivery table stays small. The modules that own a document (the assignment notices, the 督办单)
 * register its renderer at start-up; notifications stays a leaf that imports none of them.
 */
@Injectable()
export class DeliveryAttachments {
  private readonly renderers = new Map<string, AttachmentRenderer>();
  private readonly paths = new Map<string, AttachmentPath>();

  register(kind: string, renderer: AttachmentRenderer, path: AttachmentPath): void {
    this.renderers.set(kind, renderer);
    this.paths.set(kind, path);
  }

  /** The download path of a stored reference (an inbox entry links to it); null if unknown. */
  pathOf(value: unknown, taskId: string | null): string | null {
    const ref = attachmentRefOf(value);
    const path = ref ? this.paths.get(ref.kind) : undefined;
    return ref && path ? path(ref.id, taskId) : null;
  }

  /** The file for a stored reference; null when its row no longer exists. */
  async render(ref: DeliveryAttachmentRef): Promise<RenderedAttachment | null> {
    const renderer = this.renderers.get(ref.kind);
    if (!renderer) throw new AttachmentUnavailable(`no renderer for attachment ${ref.kind}`);
    return renderer(ref.id);
  }
}

/** The reference stored on a row (jsonb), if it is one. */
export function attachmentRefOf(value: unknown): DeliveryAttachmentRef | null {
  if (!value || typeof value !== 'object') return null;
  const { kind, id } = value as Record<string, unknown>;
  return typeof kind === 'string' && typeof id === 'string' ? { kind, id } : null;
}
