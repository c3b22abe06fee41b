import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule } from './config/config.module';
import { AppConfig } from './config/app-config.service';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { RateLimitModule } from './common/http/rate-limit';
import { ClockModule } from './infra/clock/clock.module';
import { LifecycleModule } from './infra/lifecycle/lifecycle.module';
import { PrismaModule } from './infra/prisma/prisma.module';
import { withLogDestination } from './infra/logging/log-destination';
import { logSettingsOf } from './infra/logging/log-settings';
import { JobHandlerCheckModule } from './infra/queue/job-handler-check.module';
import { QueueModule } from './infra/queue/queue.module';
import { AcknowledgementModule } from './modules/acknowledgement/acknowledgement.module';
import { AuditModule } from './modules/audit/audit.module';
import { CascadeModule } from './modules/cascade/cascade.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import { AuthModule } from './modules/auth/auth.module';
import { DepartmentsModule } from './modules/departments/departments.module';
import { EscalationModule } from './modules/escalation/escalation.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { QueueBoardModule } from './modules/queue-board/queue-board.module';
import { HeartbeatModule } from './infra/heartbeat/heartbeat.service';
import { NoticesModule } from './modules/notices/notices.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { PlansModule } from './modules/plans/plans.module';
import { ProgressModule } from './modules/progress/progress.module';
import { ReminderWavesModule, RemindersModule } from './modules/reminders/reminders.module';
import { RegionsModule } from './modules/regions/regions.module';
import { RequestsModule } from './modules/requests/requests.module';
import { ReviewsModule } from './modules/reviews/reviews.module';
import { DeputiesModule } from './modules/deputies/deputies.module';
import { SupervisionModule } from './modules/supervision/supervision.module';
import { TasksModule } from './modules/tasks/tasks.module';
import { WorkItemsModule } from './modules/work-items/work-items.module';
import { SchedulerModule } from './modules/scheduler/scheduler.module';
import { SecurityModule } from './modules/security/security.module';
import { DatabaseRoleCheck } from './infra/prisma/database-role.check';

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // JSON on standard output unless LOG_FORMAT / LOG_FILE say otherwise (src/infra/logging).
        pinoHttp: withLogDestination(logSettingsOf(config), {
          level: config.get('LOG_LEVEL'),
          redact: ['req.headers.authorization', 'req.body.password'],
          autoLogging: {
            ignore: (req: { url?: string }) =>
              req.url === '/api/v1/health' || req.url === '/metrics',
          },
        }),
      }),
    }),
    ScheduleModule.forRoot(),
    LifecycleModule,
    ClockModule,
    PrismaModule,
    QueueModule,
    HeartbeatModule,
    JobHandlerCheckModule,
    AuditModule,
    CalendarModule,
    NotificationsModule,
    DepartmentsModule,
    AuthModule,
    SecurityModule,
    PlansModule,
    RegionsModule,
    CascadeModule,
    TasksModule,
    ProgressModule,
    RequestsModule,
    ReviewsModule,
    DeputiesModule,
    AcknowledgementModule,
    RemindersModule,
    ReminderWavesModule,
    EscalationModule,
    SchedulerModule,
    SupervisionModule,
    WorkItemsModule,
    NoticesModule,
    HealthModule,
    MetricsModule,
    QueueBoardModule,
    // Last: its global guard must run after authentication (JwtAuthGuard, AuthModule) has set the person.
    RateLimitModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }, DatabaseRoleCheck],
})
export class AppModule {}
