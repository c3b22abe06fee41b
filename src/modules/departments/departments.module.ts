import { Module } from '@nestjs/common';
import { DepartmentsController } from './departments.controller';
import { DepartmentsService } from './departments.service';
import { PeopleService } from './people.service';

@Module({
  controllers: [DepartmentsController],
  providers: [DepartmentsService, PeopleService],
  exports: [DepartmentsService, PeopleService],
})
export class DepartmentsModule {}
