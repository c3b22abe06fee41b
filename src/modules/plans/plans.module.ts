import { Module } from '@nestjs/common';
import { DocumentWorkersModule } from '../../infra/worker-pool/document-workers.module';
import { DepartmentsModule } from '../departments/departments.module';
import { RemindersModule } from '../reminders/reminders.module';
import { TasksModule } from '../tasks/tasks.module';
import { PlanAnalysisService } from './plan-analysis.service';
import { PlanImportService } from './plan-import.service';
import { PlanRevisionService } from './plan-revision.service';
import { PlanWriterService } from './plan-writer.service';
import { PlansController } from './plans.controller';
import { PlanPolicyService } from './plan-policy.service';
import { PlansService } from './plans.service';

@Module({
  imports: [DepartmentsModule, DocumentWorkersModule, RemindersModule, TasksModule],
  controllers: [PlansController],
  providers: [
    PlanAnalysisService,
    PlanRevisionService,
    PlanWriterService,
    PlanImportService,
    PlansService,
    PlanPolicyService,
  ],
  exports: [PlanImportService],
})
export class PlansModule {}
