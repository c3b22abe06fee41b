import { Prisma } from '../../generated/prisma/client';

/** The numbered series an office issues (交〔年〕N号, 通报〔年〕N号). */
export type DocumentSeries = 'ASSIGNMENT' | 'BULLETIN';

/**
 * Reserves `count` numbers of an office's series for `year` (a counter row per series, office and
 * year, created on first use); returns the last one reserved, so the block is
 * `last - count + 1 … last`. The row stays locked until the caller's transaction ends: numbers are
 * gap-free (a rolled-back transaction gives its block back) and no two callers get the same one.
 */
export function reserveDocumentNumbers(
  series: DocumentSeries,
  regionId: string | null,
  year: number,
  count: number,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO document_sequence (series, region_id, year, last)
    VALUES (${series}, ${regionId}::uuid, ${year}, ${count})
    ON CONFLICT (series, region_id, year) DO UPDATE SET last = document_sequence.last + EXCLUDED.last
    RETURNING last`;
}
