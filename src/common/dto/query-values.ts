import { Transform } from 'class-transformer';

/**
 * A query-string integer: only plain decimal digits become a number; anything else stays text and
 * is refused by `IntRange` (`Number()` read "0x10" as 16, and "", " " or a lone BOM as 0).
 */
export const QueryInt = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value,
  );

/**
 * A query-string boolean: `true`/`1` and `false`/`0`; anything else stays text and is refused by
 * `IsBoolean` (it was read as false).
 */
export const QueryBool = () =>
  Transform(({ value }: { value: unknown }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  );
