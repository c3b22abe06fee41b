import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TasksModule } from '../tasks/tasks.module';
import { AssignmentNoticesService } from './assignment-notices.service';
import { NoticeDocumentsService } from './notice-documents.service';
import { NoticeReadsService } from './notice-reads.service';
import { NoticesController } from './notices.controller';

/**
 * Assignment notices (交办通知: issued as work arrives, numbered per office and year) and the
 * printable notices (.docx): downloads, and the renderers of the files the emails carry.
 */
@Module({
  imports: [AuthModule, NotificationsModule, TasksModule],
  controllers: [NoticesController],
  providers: [AssignmentNoticesService, NoticeDocumentsService, NoticeReadsService],
  exports: [AssignmentNoticesService],
})
export class NoticesModule {}
