/**
 * Child process for the plan-parser fuzz test: reads one JSON request a line on stdin
 * (`{ id, text }` or `{ id, base64 }`), reads it with `readPlanInThread` (the readers the import's document worker runs), and
 * answers one JSON line: `{ id, ok: true, items }` or `{ id, ok: false, error: { name, code,
 * message, coded } }`. The parent bounds each answer by a time budget and kills this process on
 * a hang, so a parse that never ends is found without a timed assertion on speed.
 */
import { createInterface } from 'node:readline';
import {
  PLAN_PARSE_ERROR_CODES,
  isPlanParseError,
} from '../../src/modules/plans/import/plan-parse.errors';
import { readPlanInThread } from '../../src/modules/plans/plan-reading';

export interface ParseRequest {
  id: number;
  text?: string;
  base64?: string;
}

export interface ParseAnswer {
  id: number;
  ok: boolean;
  items?: number;
  error?: { name: string; code?: string; message: string; coded: boolean };
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const req = JSON.parse(line) as ParseRequest;
  const content = req.text ?? Buffer.from(req.base64 ?? '', 'base64');
  readPlanInThread(content, 'fuzz.txt').then(
    (plan) => answer({ id: req.id, ok: true, items: plan.items.length }),
    (err: unknown) => {
      const e = err as { name?: string; code?: string; message?: string };
      answer({
        id: req.id,
        ok: false,
        error: {
          name: e?.name ?? typeof err,
          code: e?.code,
          message: String(e?.message ?? err),
          coded:
            isPlanParseError(err) &&
            (PLAN_PARSE_ERROR_CODES as readonly string[]).includes(err.code),
        },
      });
    },
  );
});

function answer(a: ParseAnswer): void {
  process.stdout.write(`${JSON.stringify(a)}\n`);
}
