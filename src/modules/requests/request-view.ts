import { fromDbDate } from '../../common/time/local-date';
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../infra/prisma/prisma.service';
import type { RequestResult, RequestView } from './dto/requests.dto';
import { STAGE_LABEL } from '../reviews/review-chain';

/** What a request read includes for its view: its evidence, oldest first. */
export const REQUEST_INCLUDE = {
  evidence: { orderBy: { createdAt: 'asc' } },
  reviewSteps: {
    orderBy: { ordinal: 'asc' },
    include: {
      decidedBy: { select: { displayName: true } },
      actingFor: { select: { displayName: true } },
    },
  },
} as const;
export type RequestRow = Prisma.TaskRequestGetPayload<{ include: typeof REQUEST_INCLUDE }>;

export function toRequestView(r: RequestRow): RequestView {
  return {
    id: r.id,
    taskId: r.taskId,
    departmentId: r.departmentId,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    summary: r.summary,
    proposedDueOn: r.proposedDueOn ? fromDbDate(r.proposedDueOn) : null,
    requestedById: r.requestedById,
    requestedAt: r.requestedAt,
    decidedById: r.decidedById,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
    evidence: r.evidence.map((e) => ({
      id: e.id,
      kind: e.kind,
      url: e.url,
      fileName: e.fileName,
      size: e.size,
      mimeType: e.mimeType,
      sha256: e.sha256,
      createdAt: e.createdAt,
    })),
    stage: r.stage,
    steps: r.reviewSteps.map((s) => {
      const decidedBy = s.decidedBy?.displayName ?? null;
      const actingFor = s.actingFor?.displayName ?? null;
      return {
        stage: s.stage,
        stageLabel: STAGE_LABEL[s.stage],
        status: s.status,
        enteredAt: s.enteredAt,
        decidedBy,
        actingFor,
        byline: decidedBy && actingFor ? `${decidedBy}(代${actingFor})` : decidedBy,
        reason: s.reason,
        decidedAt: s.decidedAt,
      };
    }),
  };
}

/** The request and its task as they stand in `tx` (the answer of every submission and decision). */
export async function readRequestResult(tx: Tx, requestId: string): Promise<RequestResult> {
  const req = await tx.taskRequest.findUniqueOrThrow({
    where: { id: requestId },
    include: REQUEST_INCLUDE,
  });
  const task = await tx.task.findUniqueOrThrow({
    where: { id: req.taskId },
    select: { id: true, status: true, version: true, dueOn: true },
  });
  return {
    request: toRequestView(req),
    task: {
      id: task.id,
      status: task.status,
      version: task.version,
      dueOn: task.dueOn ? fromDbDate(task.dueOn) : null,
    },
  };
}
