import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { WorkSource } from '../../../generated/prisma/enums';

export class SheetUploadDto {
  @ApiProperty({ enum: ['preview', 'commit'], description: 'preview: check only; commit: write' })
  @IsIn(['preview', 'commit'])
  mode!: 'preview' | 'commit';
}

export class SheetProblemDto {
  @ApiProperty({ description: 'Excel row number' }) row!: number;
  @ApiProperty({ description: 'Column header' }) column!: string;
  @ApiProperty() reason!: string;
}

export class SheetItemDto {
  @ApiProperty() row!: number;
  @ApiProperty() text!: string;
  @ApiProperty({ type: [String] }) lead!: string[];
  @ApiProperty({ type: [String] }) support!: string[];
  @ApiProperty({ type: String, nullable: true }) dueOn!: string | null;
}

export class SheetContainerDto {
  @ApiProperty({ enum: Object.values(WorkSource), enumName: 'WorkSource' }) source!: WorkSource;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) documentNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) issuedOn!: string | null;
  @ApiProperty({ type: [SheetItemDto] }) items!: SheetItemDto[];
}

export class SheetPreviewDto {
  @ApiProperty({ enum: ['preview'] }) mode!: 'preview';
  @ApiProperty() rows!: number;
  @ApiProperty({ type: [SheetProblemDto] }) problems!: SheetProblemDto[];
  @ApiProperty({ type: [SheetContainerDto] }) containers!: SheetContainerDto[];
}
