import { Module } from '@nestjs/common';
import { DocumentWorkersModule } from '../../infra/worker-pool/document-workers.module';
import { AuthModule } from '../auth/auth.module';
import { RemindersModule } from '../reminders/reminders.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { TasksModule } from '../tasks/tasks.module';
import { EvidenceStorage } from './evidence-storage.service';
import { EvidenceUploadInterceptor } from './evidence-upload.interceptor';
import { RequestsController } from './requests.controller';
import { RequestDecisionsService } from './request-decisions.service';
import { RequestQueueService } from './request-queue.service';
import { RequestSubmissionService } from './request-submission.service';

/** Closure, extension and dispute requests, the office's decisions, and evidence uploads. */
@Module({
  imports: [AuthModule, DocumentWorkersModule, TasksModule, RemindersModule, ReviewsModule],
  controllers: [RequestsController],
  providers: [
    RequestSubmissionService,
    RequestDecisionsService,
    RequestQueueService,
    EvidenceStorage,
    EvidenceUploadInterceptor,
  ],
})
export class RequestsModule {}
