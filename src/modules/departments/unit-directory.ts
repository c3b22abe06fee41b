import { normalizeChars } from '../../common/text/normalize-chars';

/**
 * Matching printed unit names to the directory. Printed names keep their spelling in the plan; the
 * matching key folds width, spaces and traditional characters, so that `省人力資源社會保障廳`,
 * `省人力资源社会保障厅 ` and `省人力资源社会保障厅` are one unit.
 */
export function unitKey(name: string): string {
  // normalizeChars folds traditional characters (loading OpenCC only when there are any).
  return normalizeChars(name.normalize('NFKC').replace(/[\s\u3000\u00a0]+/g, ''));
}

/** The administrative level prefix that one plan may print and another may leave out. */
const LEVEL_PREFIX = /^(省|市|县|区|自治区|州|盟|旗)/;

function withoutLevel(key: string): string {
  return key.replace(LEVEL_PREFIX, '');
}

/** Collective units name a group, not one department (各…单位, …各成员单位). */
export function isCollectiveUnit(name: string): boolean {
  const key = unitKey(name);
  return key.startsWith('各') || key.endsWith('成员单位');
}

export interface DirectoryEntry {
  id: string;
  name: string;
  isCollective: boolean;
}

export type MatchKind = 'name' | 'alias' | 'level-prefix';

export interface UnitMatch {
  printed: string;
  department: DirectoryEntry | null;
  matchedBy: MatchKind | null;
}

export interface UnitSuggestion {
  departmentId: string;
  name: string;
  /** Similarity 0..1 (Dice coefficient over character bigrams). */
  score: number;
}

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const x = bigrams(a);
  const y = bigrams(b);
  let shared = 0;
  for (const [g, n] of x) shared += Math.min(n, y.get(g) ?? 0);
  return (2 * shared) / (a.length - 1 + (b.length - 1));
}

/**
 * An in-memory view of the directory (units and saved aliases) for one import. Matches in order:
 * canonical name, saved alias, then the name without its level prefix (民政厅 = 省民政厅) when that is
 * unambiguous.
 */
export class UnitDirectory {
  private readonly exact = new Map<string, { entry: DirectoryEntry; by: MatchKind }>();
  private readonly byLevelless = new Map<string, DirectoryEntry | null>();
  private readonly names: { key: string; entry: DirectoryEntry }[] = [];

  constructor(entries: DirectoryEntry[], aliases: { alias: string; departmentId: string }[]) {
    const byId = new Map(entries.map((e) => [e.id, e]));
    const index = (key: string, entry: DirectoryEntry, by: MatchKind) => {
      if (!this.exact.has(key)) this.exact.set(key, { entry, by });
      this.names.push({ key, entry });
      const levelless = withoutLevel(key);
      const seen = this.byLevelless.get(levelless);
      // Two different departments that differ only by level make the short form ambiguous.
      this.byLevelless.set(levelless, seen === undefined || seen?.id === entry.id ? entry : null);
    };
    for (const e of entries) index(unitKey(e.name), e, 'name');
    for (const a of aliases) {
      const entry = byId.get(a.departmentId);
      if (entry) index(unitKey(a.alias), entry, 'alias');
    }
  }

  get isEmpty(): boolean {
    return this.names.length === 0;
  }

  match(printed: string): UnitMatch {
    const key = unitKey(printed);
    const hit = this.exact.get(key);
    if (hit) return { printed, department: hit.entry, matchedBy: hit.by };
    const levelless = this.byLevelless.get(withoutLevel(key));
    if (levelless) return { printed, department: levelless, matchedBy: 'level-prefix' };
    return { printed, department: null, matchedBy: null };
  }

  /** Near misses for an unmatched unit, best first (for the administrator to pick from). */
  suggest(printed: string, limit = 3, minScore = 0.4): UnitSuggestion[] {
    const key = withoutLevel(unitKey(printed));
    const best = new Map<string, UnitSuggestion>();
    for (const { key: k, entry } of this.names) {
      const score = Math.max(similarity(key, withoutLevel(k)), similarity(unitKey(printed), k));
      if (score < minScore) continue;
      const prev = best.get(entry.id);
      if (!prev || prev.score < score) {
        best.set(entry.id, {
          departmentId: entry.id,
          name: entry.name,
          score: Math.round(score * 100) / 100,
        });
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  }
}

/**
 * The name a region's unit is stored under: a region's document prints 市民政局, the directory keeps
 * 南京市民政局 (names are unique across regions). `regionName` null: the top office's own directory.
 */
export function regionalName(printed: string, regionName: string | null): string {
  return regionName ? printed.replace(/^(市|县|区)(?=\S)/, regionName) : printed;
}
