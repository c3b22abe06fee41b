import { ApiProperty } from '@nestjs/swagger';

/** The board's address, and when its sign-in cookie expires. */
export class QueueBoardSessionDto {
  @ApiProperty({ example: '/admin/queues/' })
  url!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: Date;
}
