import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { toArray } from '../../../common/dto/multipart-values';
import { HasVisibleText } from '../../../common/dto/visible-text';

/** Multipart fields are strings: "true" a boolean, JSON parsed. */
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const fromJson = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

export const MAX_ITEM_TEXT = 4000;
export const MAX_MEETING_ITEMS = 100;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const Text = (max: number, description: string) =>
  applyDecorators(
    ApiProperty({ maxLength: max, description }),
    IsString(),
    MaxLength(max),
    HasVisibleText(),
  );
const OptionalText = (max: number, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ maxLength: max, description }),
    IsOptional(),
    IsString(),
    MaxLength(max),
  );
const LocalDateField = (description: string, optional: boolean) =>
  applyDecorators(
    optional
      ? ApiPropertyOptional({ example: '2027-03-31', description })
      : ApiProperty({ example: '2027-03-31', description }),
    ...(optional ? [IsOptional()] : []),
    IsString(),
    Matches(DATE),
  );
/** Departments by id, or by name (resolved through the directory and its aliases). */
const Units = (min: number, max: number, description: string) =>
  applyDecorators(
    min > 0
      ? ApiProperty({ type: [String], description, minItems: min, maxItems: max })
      : ApiPropertyOptional({ type: [String], description, maxItems: max }),
    ...(min > 0 ? [] : [IsOptional()]),
    Transform(toArray),
    IsArray(),
    ArrayMinSize(min),
    ArrayMaxSize(max),
    IsString({ each: true }),
    MaxLength(200, { each: true }),
  );

/** What every item says: the work, who leads and supports, by when (or ongoing). */
export class WorkItemDto {
  @Text(4000, '事项内容')
  text!: string;

  @Units(1, 20, '牵头单位:部门编号或名称(名称按单位名录及别名匹配)')
  lead!: string[];

  @Units(0, 50, '配合单位:部门编号或名称')
  support?: string[];

  @LocalDateField('办结时限(本地日期);与 ongoing 二选一', true)
  dueOn?: string;

  @ApiPropertyOptional({ description: '长期事项:无办结时限,按报送周期报送进展' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  ongoing?: boolean;
}

/** What every container may carry: a policy and a double-click guard. */
class ContainerFields extends WorkItemDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: '督办规则(与方案规则同形);未填的部分取该来源的默认规则',
  })
  @IsOptional()
  @Transform(fromJson)
  @IsObject()
  policy?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: '客户端生成的请求编号(UUID):同一人重复提交同一编号只创建一次',
  })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}

/** 单项督办. */
export class CreateSingleDto extends ContainerFields {
  @OptionalText(200, '简称(默认取事项内容的开头)')
  title?: string;
}

/** 领导批示件 (JSON, or multipart with the document in `document`). */
export class CreateInstructionDto extends ContainerFields {
  @ApiProperty({ description: '作出批示的领导(系统中的领导账号)' })
  @IsUUID()
  leaderId!: string;

  @LocalDateField('批示日期', false)
  issuedOn!: string;

  @OptionalText(200, '标题(默认取批示内容的开头)')
  title?: string;

  @OptionalText(100, '文号')
  documentNumber?: string;
}

/** 上级交办 / 人大建议 / 政协提案. */
export class CreateMatterDto extends ContainerFields {
  @ApiProperty({ enum: ['HIGHER', 'NPC_PROPOSAL', 'CPPCC_PROPOSAL'] })
  @IsIn(['HIGHER', 'NPC_PROPOSAL', 'CPPCC_PROPOSAL'])
  source!: 'HIGHER' | 'NPC_PROPOSAL' | 'CPPCC_PROPOSAL';

  @Text(100, '文号 / 建议号 / 提案号')
  documentNumber!: string;

  @OptionalText(200, '标题(默认取事项内容的开头)')
  title?: string;

  @LocalDateField('交办或收到日期', true)
  issuedOn?: string;
}

/** 会议议定事项: one meeting, several decisions entered at once. */
export class CreateMeetingDto {
  @Text(200, '会议名称')
  title!: string;

  @LocalDateField('会议日期', false)
  issuedOn!: string;

  @OptionalText(100, '纪要号')
  documentNumber?: string;

  @ApiProperty({ type: [WorkItemDto], minItems: 1, maxItems: MAX_MEETING_ITEMS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_MEETING_ITEMS)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => WorkItemDto)
  items!: WorkItemDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  policy?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  requestId?: string;
}
