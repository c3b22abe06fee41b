import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TasksController } from './tasks.controller';
import { TaskReadsService } from './task-reads.service';
import { TasksService } from './tasks.service';
import { WorkArrival } from './work-arrival.service';

@Module({
  imports: [AuthModule],
  controllers: [TasksController],
  providers: [TasksService, TaskReadsService, WorkArrival],
  exports: [TasksService, WorkArrival],
})
export class TasksModule {}
