import { Prisma } from '../../generated/prisma/client';
import type { WorkSource } from '../../generated/prisma/enums';

/** The work-items module's statements. */

/** The tasks of a new container carry its source (the lists filter on it). */
export function setTaskSource(planId: string, source: WorkSource): Prisma.Sql {
  return Prisma.sql`
    UPDATE task SET source = ${source}::"WorkSource" WHERE plan_id = ${planId}::uuid`;
}

/**
 * A hand edit of one item: text and deadline, conditional on the version the office read (0 rows =
 * someone changed the task meanwhile); the version moves on so a decision on the old one is stale.
 */
export function updateItem(
  taskId: string,
  expectedVersion: number,
  item: { text: string; dueOn: string | null },
  now: Date,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE task SET text = ${item.text}, due_on = ${item.dueOn}::date,
           due_source = ${item.dueOn === null ? 'ONGOING' : 'STATED'}::"DueSource",
           version = version + 1, updated_at = ${now}
    WHERE id = ${taskId}::uuid AND version = ${expectedVersion}`;
}

/** The source document (批示原件) as evidence on every task of its container. */
export function insertDocumentEvidence(
  planId: string,
  doc: { fileName: string; storedPath: string; size: number; mimeType: string; sha256: string },
  uploadedById: string,
  now: Date,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO evidence (task_id, kind, file_name, stored_path, size, mime_type, sha256, uploaded_by_id, created_at)
    SELECT id, 'FILE'::"EvidenceKind", ${doc.fileName}, ${doc.storedPath}, ${doc.size}, ${doc.mimeType},
           ${doc.sha256}, ${uploadedById}::uuid, ${now}
    FROM task WHERE plan_id = ${planId}::uuid`;
}
