/** The shape every table reader (xlsx, docx, pasted text) hands to the table parser. */
import type { ParsePlanOptions } from './plan-document.types';

export interface TableCell {
  /** Where the cell is, for messages: `B3`, `表1第3行第2列`, `第12行`. */
  ref: string;
  text: string;
}

export interface TableRow {
  /** 1-based line (spreadsheet row, text line) used for warnings. */
  line?: number;
  /** Cells in column order; a missing cell is empty. */
  cells: TableCell[];
  /**
   * Set by a reader that had to lay the cells onto the columns by their look (a row of a
   * flattened table with fewer or more cells than the header): the item is flagged for review.
   */
  realigned?: true;
}

export interface TableInput {
  /** Sheet or table name, for messages. */
  sheet?: string;
  rows: TableRow[];
}

export interface ParseTableOptions extends ParsePlanOptions {
  /** Title when the caller knows it (e.g. the paragraph above a Word table). */
  title?: string;
  documentNumber?: string | null;
  /** Issue date; resolves `6月底前` and relative deadlines. */
  issuedOn?: string | null;
}
