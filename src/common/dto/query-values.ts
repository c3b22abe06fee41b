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

/**
 * A multi-valued query parameter: repeated (`?source=A&source=B`) or a comma list
 * (`?source=A,B`), or both; becomes the list of its trimmed, distinct values. Each value is then
 * checked by the field's own `each` validator (an empty item stays "" and is refused by it).
 */
export const QueryList = () =>
  Transform(({ value }: { value: unknown }) => {
    const parts = (Array.isArray(value) ? value : [value]).flatMap((v: unknown) =>
      typeof v === 'string' ? v.split(',').map((s) => s.trim()) : [v],
    );
    return [...new Set(parts)];
  });
