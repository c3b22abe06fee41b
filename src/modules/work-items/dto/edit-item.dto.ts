import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { IntRange, MAX_INT } from '../../../common/dto/bounds';
import { HasVisibleText } from '../../../common/dto/visible-text';

/** A hand edit of one item: what is left out stays as it is. */
export class EditItemDto {
  @ApiProperty({ minimum: 0, description: 'The task version read; a newer one is a 409' })
  @IntRange(0, MAX_INT)
  version!: number;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @HasVisibleText()
  text?: string;

  @ApiPropertyOptional({ type: [String], description: '牵头单位:部门编号或名称', maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  lead?: string[];

  @ApiPropertyOptional({ type: [String], description: '配合单位:部门编号或名称', maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  support?: string[];

  @ApiPropertyOptional({ example: '2027-03-31', description: '新的办结时限;与 ongoing 二选一' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  dueOn?: string;

  @ApiPropertyOptional({ description: 'true: 改为长期事项(无办结时限)' })
  @IsOptional()
  @IsBoolean()
  ongoing?: boolean;
}

export class ItemEditedDto {
  @ApiProperty() taskId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: Object, description: 'added / removed / reactivated assignments' })
  assignments!: { added: number; removed: number; reactivated: number };
  @ApiProperty({ type: Object }) reminders!: {
    pending: number;
    skipped: number;
    cancelled: number;
  };
}
