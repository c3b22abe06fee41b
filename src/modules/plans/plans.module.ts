import { Module } from '@nestjs/common';
import { RemindersModule } from '../reminders/reminders.module';
import { TasksModule } from '../tasks/tasks.module';
import { PlanImportService } from './plan-import.service';
import { PlansController } from './plans.controller';
import { PlanPolicyService } from './plan-policy.service';
import { PlansService } from './plans.service';

@Module({
  imports: [RemindersModule, TasksModule],
  controllers: [PlansController],
  providers: [PlanImportService, PlansService, PlanPolicyService],
  exports: [PlanImportService],
})
export class PlansModule {}
