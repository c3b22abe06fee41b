import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { RemindersService } from '../reminders/reminders.service';
import { WorkArrival } from '../tasks/work-arrival.service';
import { assertCommittable, PlanAnalysisService } from './plan-analysis.service';
import type {
  PlanAnalysis,
  PlanImportInput,
  PlanImportPreview,
  PlanImportResult,
} from './plan-import.types';
import type { PlanWritten } from './plan-tasks.writer';
import { PlanWriterService } from './plan-writer.service';

/**
 * Turns a plan document into a plan, its chapters and sections, tasks, department assignments and
 * reminder schedule. The administrator can correct the reading (units, leads, deadlines, skipped
 * items) between preview and commit. Re-importing a known text changes nothing; a revised version of
 * a plan (same document number) is applied as a diff that keeps every task's reports; a failure
 * leaves the database as it was.
 *
 * The one entry of the controller and the CLI: reading and weighing the document is
 * `PlanAnalysisService`, comparing with a known plan `PlanRevisionService`, the transaction
 * `PlanWriterService`; this service decides whether a commit may go ahead and what follows it.
 */
@Injectable()
export class PlanImportService {
  private readonly logger = new Logger(PlanImportService.name);

  constructor(
    private readonly clock: Clock,
    private readonly analysis: PlanAnalysisService,
    private readonly writer: PlanWriterService,
    private readonly reminders: RemindersService,
    private readonly arrival: WorkArrival,
  ) {}

  preview(input: PlanImportInput): Promise<PlanImportPreview> {
    return this.analysis.preview(input);
  }

  async commit(input: PlanImportInput, actorId: string | null): Promise<PlanImportResult> {
    const a = await this.analysis.analyse(input);
    if (a.existingPlanId) return unchanged(a, a.existingPlanId);
    assertCommittable(a, input);
    let outcome: PlanWritten;
    try {
      outcome = await this.writer.write(a, input, this.clock.now(), actorId);
    } catch (err) {
      // A concurrent import of the same document won the race: same outcome as a re-import.
      const existing = await this.analysis.findPlanByHash(a.contentHash);
      if (existing) return unchanged(a, existing);
      throw err;
    }
    // Side effects after commit: Redis only ever sees reminders that exist in PostgreSQL.
    await this.arrival.settle();
    await this.reminders.enqueueDue();
    this.logger.log(
      { planId: outcome.planId, version: outcome.version, ...a.counts, ...outcome.reminders },
      a.revisionOf ? 'plan revision applied' : 'plan imported',
    );
    return {
      mode: 'commit',
      planId: outcome.planId,
      created: true,
      version: outcome.version,
      diff: a.diff,
      counts: a.counts,
      reminders: outcome.reminders,
      warnings: a.parsed.warnings,
    };
  }
}

/** A document imported before (or by a concurrent import): nothing was written. */
function unchanged(a: PlanAnalysis, planId: string): PlanImportResult {
  return {
    mode: 'commit',
    planId,
    created: false,
    version: a.revisionOf?.version ?? 1,
    diff: null,
    counts: { ...a.counts, newUnits: 0 },
    reminders: { pending: 0, skipped: 0 },
    warnings: a.parsed.warnings,
  };
}
