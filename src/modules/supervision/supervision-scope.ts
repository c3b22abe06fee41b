import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

// The scope fragments the statements apply (visibleTaskSql, officeLevelSql…) are in supervision.sql.ts.

/** The card a row shows: red after the red card, yellow with the supervision notice or a lagging warning. */
export type Card = 'YELLOW' | 'RED';

/** Which levels an office's board shows (query parameter `levels`). */
export type BoardLevels = 'own' | 'all';

export const BoardLevelsParam = () =>
  applyDecorators(
    ApiPropertyOptional({
      enum: ['own', 'all'],
      default: 'own',
      description:
        "For the office (SUPERVISOR, ADMIN): own = its own level's tasks, plus tasks of the levels below that reached a red card; all = every level it oversees",
    }),
    IsOptional(),
    IsIn(['own', 'all']),
  );
