/** What the administrator decided for a unit the directory does not know. */
export type UnitChoice =
  { mode: 'map'; departmentId: string } | { mode: 'create' } | { mode: 'none' };

/** The administrator's correction of an item's units, as typed (units separated by 、). */
export type UnitEdit = { lead: string; support: string };

export const splitUnits = (s: string) =>
  s
    .split(/[、,，;；\s]+/)
    .map((u) => u.trim())
    .filter(Boolean);

/** A correction of the units is a look at the item: it needs no separate confirmation. */
export const correctsUnits = (e: UnitEdit | undefined) => !!e && splitUnits(e.lead).length > 0;

/** Everything the import page sends, preview or commit. */
export interface ImportInput {
  text: string;
  file: File | null;
  defaultDueOn: string;
  createUnknown: boolean;
  choices: Record<string, UnitChoice>;
  skipped: Set<number>;
  confirmed: Set<number>;
  unitEdits: Record<number, UnitEdit>;
}

/** The multipart body of POST /plans/import: the document, its options and the corrections. */
export function importForm(mode: 'preview' | 'commit', input: ImportInput): FormData {
  const { file, text, defaultDueOn, createUnknown, choices, skipped, confirmed, unitEdits } = input;
  const f = new FormData();
  f.append('mode', mode);
  if (file) f.append('file', file, file.name);
  else f.append('text', text);
  if (defaultDueOn) f.append('defaultDueOn', defaultDueOn);
  if (createUnknown) f.append('createUnknownUnits', 'true');
  const units = Object.entries(choices).flatMap(
    ([printed, c]): { printed: string; departmentId?: string; create?: boolean }[] =>
      c.mode === 'map'
        ? [{ printed, departmentId: c.departmentId }]
        : c.mode === 'create'
          ? [{ printed, create: true }]
          : [],
  );
  const byNo = new Map<number, Record<string, unknown>>();
  const item = (no: number) => byNo.get(no) ?? byNo.set(no, { no }).get(no)!;
  for (const no of skipped) item(no).skip = true;
  for (const no of confirmed) item(no).confirmed = true;
  for (const [no, e] of Object.entries(unitEdits)) {
    if (!correctsUnits(e)) continue;
    Object.assign(item(Number(no)), { lead: splitUnits(e.lead), support: splitUnits(e.support) });
  }
  const items = [...byNo.values()];
  if (units.length || items.length) f.append('corrections', JSON.stringify({ units, items }));
  return f;
}
