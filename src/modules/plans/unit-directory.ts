/**
 * Matching printed unit names to the directory. Printed names keep their spelling in the plan; the
 * key used for matching folds full-width punctuation and spaces so that `省老龄委各成员单位` and
 * `省老龄委各成员单位 ` or `各县（市、区）政府` and `各县(市、区)政府` are one unit.
 */
export function unitKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s\u3000\u00a0]+/g, '')
    .trim();
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

export interface UnitMatch {
  printed: string;
  department: DirectoryEntry | null;
  matchedBy: 'name' | 'alias' | null;
}

export class UnitDirectory {
  private readonly byKey = new Map<string, { entry: DirectoryEntry; by: 'name' | 'alias' }>();

  constructor(entries: DirectoryEntry[], aliases: { alias: string; departmentId: string }[]) {
    const byId = new Map(entries.map((e) => [e.id, e]));
    for (const e of entries) this.byKey.set(unitKey(e.name), { entry: e, by: 'name' });
    for (const a of aliases) {
      const entry = byId.get(a.departmentId);
      const key = unitKey(a.alias);
      if (entry && !this.byKey.has(key)) this.byKey.set(key, { entry, by: 'alias' });
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  match(printed: string): UnitMatch {
    const hit = this.byKey.get(unitKey(printed));
    return { printed, department: hit?.entry ?? null, matchedBy: hit?.by ?? null };
  }
}
