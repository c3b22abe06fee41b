import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, ValidateNested } from 'class-validator';

/** An optional array of nested DTOs, each validated, at most `max` long. */
export const OptionalNestedArray = (type: ClassType<unknown>, max: number, description?: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: [type], description }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(max),
    // ValidateNested passes an array in place of an element ([[]]): it reached the services.
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(() => type),
  );
