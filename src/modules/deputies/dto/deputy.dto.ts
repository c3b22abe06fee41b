import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IsLocalDateString } from '../../../common/dto/local-date';

/** 委托: name a colleague for a period (local dates, both included). */
export class CreateDeputyDto {
  @ApiProperty({
    format: 'uuid',
    description: 'An active liaison or head of the same region subtree',
  })
  @IsUUID()
  deputyId!: string;

  @ApiProperty({ example: '2026-12-01' })
  @IsLocalDateString()
  startsOn!: string;

  @ApiProperty({ example: '2026-12-15' })
  @IsLocalDateString()
  endsOn!: string;
}

/** A deputyship as its two people and the office see it. */
export class DeputyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  personId!: string;

  @ApiProperty({ description: 'Who named the deputy' })
  person!: string;

  @ApiProperty({ format: 'uuid' })
  deputyId!: string;

  @ApiProperty({ description: 'The deputy' })
  deputy!: string;

  @ApiProperty({ type: String, nullable: true, description: "The deputy's department" })
  deputyDepartment!: string | null;

  @ApiProperty()
  startsOn!: string;

  @ApiProperty()
  endsOn!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: Date | null;

  @ApiProperty({ description: 'In force today (not revoked, today within the period)' })
  active!: boolean;
}

/** A colleague one may name as deputy. */
export class DeputyCandidateDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty({ type: String, nullable: true })
  department!: string | null;

  @ApiProperty({ enum: ['LIAISON', 'HEAD'] })
  role!: string;
}
