import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum } from 'class-validator';
import { Channel } from '../../../generated/prisma/enums';

export class SetChannelsDto {
  @ApiProperty({
    enum: Channel,
    enumName: 'Channel',
    isArray: true,
    example: ['EMAIL', 'INBOX'],
    description: 'At least one; INBOX is always kept (added when left out)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(Channel, { each: true })
  channels!: Channel[];
}

export class MyChannelsDto {
  @ApiProperty({
    enum: Channel,
    enumName: 'Channel',
    isArray: true,
    description: 'Chosen channels',
  })
  channels!: Channel[];

  @ApiProperty({
    enum: Channel,
    enumName: 'Channel',
    isArray: true,
    description:
      'Channels the person can be reached on now: INBOX, EMAIL with an address, SMS with a phone ' +
      '(and a gateway), the robots of their department',
  })
  available!: Channel[];
}
