import { IntRange, MAX_INT } from '../../../common/dto/bounds';
import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { OnBehalfChannel } from '../../../generated/prisma/enums';
import { IsLocalDateString } from '../../../common/dto/local-date';

export class CreateReportDto {
  @ApiProperty({ minimum: 0, maximum: 100, example: 60 })
  @IntRange(0, 100)
  percent!: number;

  @ApiProperty({ minLength: 1, maxLength: 2000, example: '已完成选址,正在组织施工招标。' })
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/)
  @MaxLength(2000)
  narrative!: string;

  @ApiProperty({
    minimum: 0,
    description:
      'The reportVersion the liaison read (GET /me/tasks or the task detail); a newer one on the server is a 409 STALE_VERSION',
  })
  @IntRange(0, MAX_INT)
  version!: number;
}

/** 代报: a report the office received by phone or on paper, entered for the department. */
export class OnBehalfReportDto extends CreateReportDto {
  @ApiProperty({ format: 'uuid', description: 'The assigned department the report is from' })
  @IsUUID()
  departmentId!: string;

  @ApiProperty({ enum: OnBehalfChannel, enumName: 'OnBehalfChannel' })
  @IsEnum(OnBehalfChannel)
  channel!: OnBehalfChannel;

  @ApiProperty({ example: '2026-11-23', description: 'The local date the office received it' })
  @IsLocalDateString()
  receivedOn!: string;
}

export class ReportCreatedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The new report version of the assignment' })
  version!: number;

  @ApiProperty()
  percent!: number;

  @ApiProperty()
  narrative!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}
