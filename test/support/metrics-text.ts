/**
 * The samples of one metric in a Prometheus text scrape: label set (as written, `{a="b"}`, or ''
 * without labels) → value. Comment lines (# HELP, # TYPE) and other metrics are skipped.
 */
export function samples(text: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (m && m[1] === name) out.set(m[2] ?? '', Number(m[3]));
  }
  return out;
}
