import { Injectable } from '@nestjs/common';
import { DocumentWorkers } from '../../infra/worker-pool/document-workers';
import type { Scope } from '../auth/scope';
import { poolRefusal } from '../requests/evidence-files';
import { displayFileName } from '../requests/evidence-type';
import type { WorkCreatedDto } from './dto/work-view.dto';
import type { SheetPreviewDto } from './dto/work-sheet.dto';
import type { SheetProblem } from './work-items.errors';
import { sheetInvalid, sheetUnreadable, sheetWrongColumns } from './work-items.errors';
import { WorkItemsService } from './work-items.service';
import { WorkPreparationService } from './work-preparation.service';
import { SheetReading } from './work-sheet.columns';
import { WORK_SHEET_READ_JOB, WorkSheetPayload } from './work-sheet.job';
import { containersOfSheet, sheetProblemOf } from './work-sheet';
import { WorkUnitsService } from './work-units.service';

/**
 * Bulk entry from the Excel template: the file is read in a document worker, every row checked
 * (row number and column in each problem), and committed in one transaction only when no row is
 * wrong.
 */
@Injectable()
export class WorkSheetService {
  constructor(
    private readonly workers: DocumentWorkers,
    private readonly units: WorkUnitsService,
    private readonly preparation: WorkPreparationService,
    private readonly work: WorkItemsService,
  ) {}

  async preview(
    scope: Scope,
    file: { buffer: Buffer; originalname: string },
  ): Promise<SheetPreviewDto> {
    const { prepared } = await this.analyse(scope, file);
    return prepared;
  }

  async commit(
    scope: Scope,
    file: { buffer: Buffer; originalname: string },
  ): Promise<WorkCreatedDto[]> {
    const { prepared, resolved } = await this.analyse(scope, file);
    if (prepared.problems.length > 0) throw sheetInvalid(prepared.problems);
    return this.work.write(scope, resolved, 'excel');
  }

  private async analyse(scope: Scope, file: { buffer: Buffer; originalname: string }) {
    const name = displayFileName(file.originalname);
    let reading: SheetReading;
    try {
      const payload: WorkSheetPayload = { bytes: file.buffer };
      reading = await this.workers.run<SheetReading>(WORK_SHEET_READ_JOB, payload);
    } catch (err) {
      throw poolRefusal(err, name);
    }
    if (!reading.ok) throw sheetUnreadable(reading.message);
    if (reading.missing.length > 0) throw sheetWrongColumns(reading.missing);
    const leaders = await this.units.leadersByName(scope);
    const sheet = containersOfSheet(reading.rows, leaders);
    const checked = await this.preparation.prepare(scope, sheet.containers);
    const problems = dedupe([...sheet.problems, ...checked.problems.map(sheetProblemOf)]);
    if (reading.rows.length === 0) {
      problems.push({ row: 2, column: '事项内容', reason: '表格中没有填写任何事项' });
    }
    const prepared: SheetPreviewDto = {
      mode: 'preview',
      rows: reading.rows.length,
      problems,
      containers: checked.resolved.map((c, i) => ({
        source: c.source,
        title: c.title,
        documentNumber: c.documentNumber,
        issuedOn: c.issuedOn,
        items: c.items.map((item, n) => ({
          row: sheet.rowsOf[i]![n]!,
          text: item.text,
          lead: sheet.containers[i]!.items[n]!.lead,
          support: sheet.containers[i]!.items[n]!.support,
          dueOn: item.dueOn,
        })),
      })),
    };
    return { prepared, resolved: checked.resolved };
  }
}

/** One problem per row and column (a wrong date also leaves the item without a deadline). */
function dedupe(problems: SheetProblem[]): SheetProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.row}\u0000${p.column}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.row - b.row);
}
