/**
 * The hostile values of the OpenAPI fuzz suite (test/abuse/openapi-fuzz.e2e.spec.ts) and its
 * seeded choice among them: the same seed sends the same requests.
 */

/** mulberry32: a small seeded generator (FUZZ_SEED), so that a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` distinct elements of `from`, chosen by `random` (all of them when n ≥ its length). */
export function sample<T>(from: readonly T[], n: number, random: () => number): T[] {
  const pool = [...from];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

export interface Hostile {
  /** What it is, for the report (`bidi override`, `2^53+1`). */
  name: string;
  value: unknown;
}

const h = (name: string, value: unknown): Hostile => ({ name, value });

/** Values of the wrong JSON type for any field. */
export const WRONG_TYPES: Hostile[] = [
  h('null', null),
  h('true', true),
  h('0', 0),
  h('{}', {}),
  h('[]', []),
  h('[[]]', [[]]),
  h('{$gt:""}', { $gt: '' }),
  h('"text"', 'text'),
];

/** Numbers beyond every bound, and strings that look like numbers. */
export const NUMBERS: Hostile[] = [
  h('2^31', 2 ** 31),
  h('2^53+1', '9007199254740993'),
  h('1e20', 1e20),
  h('-1e20', -1e20),
  h('-1', -1),
  h('1.5', 1.5),
  h('"NaN"', 'NaN'),
  h('"Infinity"', 'Infinity'),
  h('"-Infinity"', '-Infinity'),
  h('"1e20"', '1e20'),
  h('full-width digits', '１２'),
  h('"0x10"', '0x10'),
];

const LONG = 100_000;

/** Strings: unicode edge cases and injections. */
export const STRINGS: Hostile[] = [
  h('NUL byte', 'a\u0000b'),
  h(`${LONG} characters`, '字'.repeat(LONG)),
  h('bidi override', '\u202Eevil\u202C.exe'),
  h('zero-width space', '\u200B'),
  h('BOM', '\uFEFF'),
  h('invisible only', '\u200B\u200C\u3164\u2800\uFEFF'),
  h('lone surrogate', 'a\uD800b'),
  h('combining marks', `e${'\u0301'.repeat(500)}`),
  h('full-width digits', '２０２６－１２－３１'),
  h('SQL', "' OR '1'='1' --"),
  h('SQL stacked', '1; DROP TABLE task;--'),
  h('HTML', '<script>alert(1)</script><img src=x onerror=alert(1)>'),
  h('template', '${7*7}{{7*7}}#{7*7}<%= 7*7 %>'),
  h('path traversal', '../../../../etc/passwd'),
  h('encoded traversal', '..%2F..%2F..%2Fetc%2Fpasswd'),
  h('CRLF injection', 'a\r\nSet-Cookie: pwned=1\r\nX-Injected: 1'),
];

/** Path parameters (URL-encoded): short enough for the request line, hostile otherwise. */
export const PATH_VALUES: Hostile[] = [
  h('SQL', "' OR '1'='1"),
  h('traversal', '../../etc/passwd'),
  h('NUL', '\u0000'),
  h('-1', '-1'),
  h('2^53+1', '9007199254740993'),
  h('1e20', '1e20'),
  h('bidi', '\u202E1'),
  h('zero-width', '\u200B'),
  h('lone surrogate', '\uD800'),
  h('full-width', '２０２６'),
  h('CRLF', 'a\r\nX-Injected: 1'),
  h('1000 characters', '字'.repeat(1000)),
];

/** A value of a query string: what `URLSearchParams` would send for it. */
export function queryPairs(name: string, value: unknown): [string, string][] {
  if (value === null || value === undefined) return [[name, '']];
  if (Array.isArray(value)) return value.flatMap((v) => queryPairs(name, v));
  if (typeof value === 'object') {
    return Object.entries(value as object).flatMap(([k, v]) => queryPairs(`${name}[${k}]`, v));
  }
  // Keep the request line under Node's 16 KB header limit (Node answers 431 itself above it, before
  // the application; a CJK character takes 9 bytes once URL-encoded).
  const text = String(value);
  return [[name, text.length > 1000 ? text.slice(0, 1000) : text]];
}
