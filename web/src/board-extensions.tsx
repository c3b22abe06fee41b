/**
 * ─── PLUG-IN POINT for the supervision board (issue 7, the other half) ───────────────────────
 *
 * The board (pages/board.tsx) renders, after its built-in sections (overdue list, overdue counts
 * by department), every entry of BOARD_SECTIONS the signed-in role may see, and offers every
 * entry of BOARD_EXPORTS as a download button. The new supervision endpoints plug in here
 * without touching the board itself:
 *
 *   - task lists with filters (status, department, level, lagging …) → a BoardSection whose
 *     render() calls get('/supervision/…?filters') and shows a table (see OverdueTable for the
 *     responsive table pattern and labels.ts for the Chinese labels);
 *   - the department table with rates and scores → a BoardSection;
 *   - issuing a supervision notice → a BoardSection with a form (see pages/task.tsx RequestForm
 *     for the accessible form pattern: Field, ErrorBox, useAction);
 *   - exports → a BoardExport { label, path, fileName }: the button downloads path (an API GET
 *     that streams a file) with the session's token, refreshing it once on 401.
 *
 * The board passes each section the filters the user chose at the top (plan, department), so
 * the new lists follow the same filters.
 */
import type { JSX } from 'preact';
import type { Role } from './types';

export interface BoardFilters {
  planId: string;
  departmentId: string;
}

export interface BoardSection {
  id: string;
  title: string;
  roles: Role[];
  render: (filters: BoardFilters) => JSX.Element;
}

export interface BoardExport {
  label: string;
  roles: Role[];
  /** API path under /api/v1, given the board's filters. */
  path: (filters: BoardFilters) => string;
  fileName: string;
}

/** Sections added by later endpoints (none yet). */
export const BOARD_SECTIONS: BoardSection[] = [];

/** Server-side exports. The audit trail export exists today; list and score exports go here. */
export const BOARD_EXPORTS: BoardExport[] = [
  {
    label: '审计记录(近 30 天,CSV)',
    roles: ['SUPERVISOR', 'ADMIN'],
    path: () => {
      const to = new Date();
      const from = new Date(to.getTime() - 30 * 86_400_000);
      const day = (d: Date) => d.toISOString().slice(0, 10);
      return `/audit/export?from=${day(from)}&to=${day(to)}&format=csv`;
    },
    fileName: 'audit.csv',
  },
];
