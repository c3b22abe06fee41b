import { Module } from '@nestjs/common';
import { CounterpartsService } from './counterparts.service';
import { RegionsController } from './regions.controller';
import { RegionsService } from './regions.service';

@Module({
  controllers: [RegionsController],
  providers: [RegionsService, CounterpartsService],
  exports: [RegionsService, CounterpartsService],
})
export class RegionsModule {}
