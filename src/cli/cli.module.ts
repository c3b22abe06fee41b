import { Module } from '@nestjs/common';
import { AppConfigModule } from '../config/config.module';
import { ClockModule } from '../infra/clock/clock.module';
import { PrismaModule } from '../infra/prisma/prisma.module';
import { QueueModule } from '../infra/queue/queue.module';
import { AuditModule } from '../modules/audit/audit.module';
import { CalendarModule } from '../modules/calendar/calendar.module';
import { DepartmentsModule } from '../modules/departments/departments.module';
import { PlansModule } from '../modules/plans/plans.module';

/** What the CLI needs: the import and people services, without HTTP, scheduler or workers. */
@Module({
  imports: [
    AppConfigModule,
    ClockModule,
    PrismaModule,
    QueueModule,
    AuditModule,
    CalendarModule,
    DepartmentsModule,
    PlansModule,
  ],
})
export class CliModule {}
