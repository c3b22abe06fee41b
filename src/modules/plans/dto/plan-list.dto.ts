import { ApiProperty } from '@nestjs/swagger';

/** GET /plans: a plan with its place in the cascade and its task count. */
export class PlanListItemDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: String, nullable: true, example: '苏办〔2012〕85号' })
  documentNumber!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2012-06-01' })
  issuedOn!: string | null;

  @ApiProperty({ type: String, nullable: true })
  defaultDueOn!: string | null;

  @ApiProperty({ description: 'The file name the plan was read from' })
  sourceName!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  importedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  publishedAt!: Date | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  regionId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  parentPlanId!: string | null;

  @ApiProperty()
  taskCount!: number;
}
