import { ApiProperty } from '@nestjs/swagger';

export class DepartmentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '省人力资源社会保障厅' })
  name!: string;

  @ApiProperty({ description: 'A group of units (各…单位), not one department' })
  isCollective!: boolean;

  @ApiProperty({ type: [String], example: ['人社厅'] })
  aliases!: string[];

  @ApiProperty({
    type: [String],
    description: 'For a collective unit: names of its member departments',
  })
  members!: string[];
}
