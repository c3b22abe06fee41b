import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RemindersModule } from '../reminders/reminders.module';
import { TasksModule } from '../tasks/tasks.module';
import { CascadeController } from './cascade.controller';
import { CascadeService } from './cascade.service';
import { PlanLinkService } from './plan-link.service';
import { RollupService } from './rollup.service';

@Module({
  imports: [AuthModule, RemindersModule, TasksModule],
  controllers: [CascadeController],
  providers: [CascadeService, PlanLinkService, RollupService],
  exports: [CascadeService, PlanLinkService, RollupService],
})
export class CascadeModule {}
