import { ApiProperty } from '@nestjs/swagger';

/** A department's new feed address; the token is shown this once (only its hash is kept). */
export class CalendarFeedDto {
  @ApiProperty({ format: 'uuid' })
  departmentId!: string;

  @ApiProperty({ description: 'The private token (43 characters, base64url)' })
  token!: string;

  @ApiProperty({
    example: 'http://localhost:3000/api/v1/supervision/calendar-feeds/<token>/deadlines.ics',
    description: 'The address a calendar app subscribes to; no login',
  })
  url!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}
