import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { isLocalDate } from '../../common/time/local-date';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { DocumentWorkers } from '../../infra/worker-pool/document-workers';
import { UnitDirectory } from '../departments/unit-directory';
import type { ParsedPlan } from './import/plan-document.types';
import { isPlanParseError } from './import/plan-parse.errors';
import type { PlanAnalysis, PlanImportInput, PlanImportPreview } from './plan-import.types';
import { applyItemCorrections, countPlan } from './plan-items';
import { readPlan } from './plan-reading';
import { reviewFirst, reviewOutcome, reviewStatus } from './plan-review';
import { PlanRevisionService } from './plan-revision.service';
import {
  invalidDefaultDeadline,
  itemsWithoutLead,
  planUnreadable,
  reviewNotConfirmed,
  unknownImportRegion,
  unknownUnits,
} from './plans.errors';
import { resolveUnits, unknownUnitNames } from './unit-resolution';

/**
 * The identity of a document is what it says, not how it was encoded or laid out, nor the reader's
 * doubts about it (`review`): a reader that only learns to flag better changes nothing.
 */
function contentHashOf(parsed: ParsedPlan): string {
  const said = parsed.items.map(({ review: _review, ...item }) => item);
  return createHash('sha256')
    .update(JSON.stringify([parsed.title, parsed.documentNumber, parsed.issuedOn, said]))
    .digest('hex');
}

/**
 * Reads a plan document and weighs it against the database without writing anything: the items
 * with the administrator's corrections, the units matched against the region's directory, the
 * review, and whether the document is known already or revises a known plan (with the diff).
 */
@Injectable()
export class PlanAnalysisService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly revisions: PlanRevisionService,
    private readonly workers: DocumentWorkers,
  ) {}

  async preview(input: PlanImportInput): Promise<PlanImportPreview> {
    const a = await this.analyse(input);
    const needReview = a.items.filter((i) => i.review.length > 0);
    return {
      mode: 'preview',
      title: a.parsed.title,
      documentNumber: a.parsed.documentNumber,
      issuedOn: a.parsed.issuedOn,
      contentHash: a.contentHash,
      existingPlanId: a.existingPlanId,
      revisionOf: a.revisionOf,
      diff: a.diff,
      counts: a.counts,
      units: [...a.units.values()],
      unknownUnits: unknownUnitNames(a.units.values()),
      reviewCount: needReview.length,
      reviewItems: needReview.map((i) => i.no),
      unconfirmedReviewItems: a.review.unconfirmed,
      items: reviewFirst(a.items),
      warnings: a.parsed.warnings,
    };
  }

  async analyse(input: PlanImportInput): Promise<PlanAnalysis> {
    if (input.defaultDueOn !== undefined && !isLocalDate(input.defaultDueOn)) {
      throw invalidDefaultDeadline(input.defaultDueOn);
    }
    let parsed: ParsedPlan;
    try {
      parsed = await readPlan(this.workers, input.content, input.sourceName);
    } catch (err) {
      if (isPlanParseError(err)) throw planUnreadable(err, input.sourceName);
      throw err;
    }
    const corrections = input.corrections ?? {};
    const regionId = input.regionId ?? null;
    const region = regionId
      ? await this.prisma.region.findUnique({ where: { id: regionId } })
      : null;
    if (regionId && !region) throw unknownImportRegion();
    const contentHash = contentHashOf(parsed);
    const [existingPlanId, departments, aliases, revisionOf] = await Promise.all([
      this.findPlanByHash(contentHash),
      // A region's plan names that region's departments (市民政局 is 南京市民政局 in 南京市's plan).
      this.prisma.department.findMany({
        where: { regionId },
        select: { id: true, name: true, isCollective: true },
      }),
      this.prisma.departmentAlias.findMany({
        where: { department: { regionId } },
        select: { alias: true, departmentId: true },
      }),
      this.revisions.findTarget(parsed, regionId),
    ]);
    const directory = new UnitDirectory(departments, aliases);
    const departmentIds = new Set(departments.map((d) => d.id));
    const confirmAll = input.confirmAllReview === true;
    const correctionOf = new Map((corrections.items ?? []).map((c) => [c.no, c]));
    const items = applyItemCorrections(parsed.items, corrections, input.defaultDueOn ?? null).map(
      (item) => ({
        ...item,
        reviewStatus: reviewStatus(item, correctionOf.get(item.no), confirmAll),
      }),
    );
    const review = reviewOutcome(parsed.items, corrections, confirmAll);
    const units = resolveUnits(
      items,
      directory,
      departmentIds,
      corrections,
      input.createUnknownUnits === true,
    );
    const diff =
      revisionOf && !existingPlanId
        ? await this.revisions.diff(revisionOf.planId, items, units)
        : null;
    return {
      parsed,
      regionId,
      regionName: region?.name ?? null,
      contentHash,
      existingPlanId,
      revisionOf: existingPlanId ? null : revisionOf,
      diff,
      units,
      items,
      counts: countPlan(items, [...units.values()]),
      corrections,
      review,
    };
  }

  /** The plan a document with this content hash was imported into, if any. */
  async findPlanByHash(contentHash: string): Promise<string | null> {
    const version = await this.prisma.planVersion.findUnique({
      where: { contentHash },
      select: { planId: true },
    });
    return version?.planId ?? null;
  }
}

/**
 * Refuses a commit the analysis does not allow yet, in the order the administrator fixes things:
 * the review first (an item with no units is flagged, and looking at it is how it gets a lead), then
 * items nobody leads (a task nobody leads would be supervised by nobody), then unknown units.
 */
export function assertCommittable(a: PlanAnalysis, input: PlanImportInput): void {
  if (a.review.unconfirmed.length > 0) {
    const pending = new Set(a.review.unconfirmed);
    const review = a.parsed.items
      .filter((i) => pending.has(i.no))
      .map((i) => ({ no: i.no, reasons: i.review ?? [] }));
    throw reviewNotConfirmed(a.review.unconfirmed, review);
  }
  const leaderless = a.items.filter((i) => i.lead.length === 0).map((i) => i.no);
  if (leaderless.length > 0) throw itemsWithoutLead(leaderless);
  const unknown = unknownUnitNames(a.units.values());
  if (unknown.length > 0 && !input.createUnknownUnits) throw unknownUnits(unknown);
}
