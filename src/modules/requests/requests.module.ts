import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { RemindersModule } from '../reminders/reminders.module';
import { TasksModule } from '../tasks/tasks.module';
import { EvidenceStorage } from './evidence-storage.service';
import { EvidenceUploadInterceptor } from './evidence-upload.interceptor';
import { RequestsController } from './requests.controller';
import { RequestsService } from './requests.service';

/** Closure, extension and dispute requests, the office's decisions, and evidence uploads. */
@Module({
  imports: [AuthModule, TasksModule, RemindersModule],
  controllers: [RequestsController],
  providers: [RequestsService, EvidenceStorage, EvidenceUploadInterceptor],
  exports: [RequestsService],
})
export class RequestsModule {}
