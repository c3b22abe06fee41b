import type { components } from '../../api-types.gen';
import type { ApiError } from '../../api';

type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The shapes of the work-item routes (generated from the server's DTOs). */
export type WorkSource = Schema<'WorkSource'>;
export type WorkCreated = Schema<'WorkCreatedDto'>;
export type WorkListItem = Schema<'WorkListItemDto'>;
export type WorkContainer = Schema<'WorkContainerDto'>;
export type WorkUnit = Schema<'WorkUnitDto'>;
export type SheetPreview = Schema<'SheetPreviewDto'>;
export type ItemEdited = Schema<'ItemEditedDto'>;
export type TaskSource = Schema<'TaskSourceDto'>;

/** Each source as the office names it. */
export const SOURCE: Record<WorkSource, string> = {
  PLAN: '责任分解方案',
  SINGLE: '单项督办',
  INSTRUCTION: '领导批示件',
  MEETING: '会议议定事项',
  HIGHER: '上级交办',
  NPC_PROPOSAL: '人大建议',
  CPPCC_PROPOSAL: '政协提案',
};

/** The first problem the server found in a field or under it (`lead`, `lead[0]`, `items[2].lead`). */
export function problemAt(error: ApiError | null | undefined, field: string): string | undefined {
  return error?.details.find((d) => {
    // The DTO checks name array members `items.2.text`, the service `items[2].text`.
    const f = d.field.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
    return f === field || f.startsWith(`${field}[`) || f.startsWith(`${field}.`);
  })?.reason;
}

/** Departments typed into one field: 、,, ; or new lines between names. */
export const splitUnits = (typed: string): string[] =>
  typed
    .split(/[、，,；;\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
