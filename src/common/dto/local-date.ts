import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

/** A local business date `YYYY-MM-DD` that exists on the calendar (2026-02-30 is refused). */
export const IsLocalDateString = () =>
  applyDecorators(Matches(/^\d{4}-\d{2}-\d{2}$/), IsISO8601({ strict: true }));
