/** A copy of `set` with `item` in it (`on`) or not: state setters need a new Set to re-render. */
export function toggled<T>(set: Set<T>, item: T, on: boolean): Set<T> {
  const next = new Set(set);
  if (on) next.add(item);
  else next.delete(item);
  return next;
}
