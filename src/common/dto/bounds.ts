import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

/** PostgreSQL's \`integer\`: the largest version, item number or offset a request may carry. */
export const MAX_INT = 2_147_483_647;

/** The largest page a supervision list returns at once. */
export const MAX_PAGE = 5000;

/**
 * An integer in `[min, max]` (each element, with `each`): checked by class-validator and declared
 * as `minimum`/`maximum` in the OpenAPI document, merged into the property's own `@ApiProperty`.
 * Every number a request carries has both bounds: test/abuse/openapi-fuzz.e2e.spec.ts fails on a
 * numeric field of the document without them, so a new field cannot forget its bounds.
 */
export function IntRange(min: number, max: number, opts: { each?: boolean } = {}) {
  const each = opts.each ? { each: true } : {};
  return applyDecorators(
    ApiProperty({ minimum: min, maximum: max }),
    IsInt(each),
    Min(min, each),
    Max(max, each),
  );
}
