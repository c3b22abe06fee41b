import { ApiProperty } from '@nestjs/swagger';
import { PeriodQuery } from './stats.dto';

/** The period (and plan) of the bulletin to issue: the draft of the same query, numbered. */
export class IssueBulletinDto extends PeriodQuery {}

/** A bulletin (通报) the office issued. */
export class IssuedBulletinDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '通报〔2026〕3号' })
  number!: string;

  @ApiProperty({ example: '2026-11-01' })
  from!: string;

  @ApiProperty({ example: '2026-11-30' })
  to!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt!: Date;

  @ApiProperty({ description: 'The numbered .docx to download: a path below /api/v1' })
  documentPath!: string;
}
