import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AssessmentService } from './assessment.service';
import { BulletinDocumentsController } from './bulletin-documents.controller';
import { BulletinDocumentsService } from './bulletin-documents.service';
import { BulletinService } from './bulletin.service';
import { CalendarFeedController } from './calendar-feed.controller';
import { CalendarFeedService } from './calendar-feed.service';
import { DashboardController } from './dashboard.controller';
import { ExportsController } from './exports.controller';
import { LedgerService } from './ledger.service';
import { SupervisionStatsService } from './supervision-stats.service';
import { TaskListsController } from './task-lists.controller';
import { TaskListsService } from './task-lists.service';

/** Read-only views for the office and the departments: lists, dashboards, assessment, exports, feeds. */
@Module({
  imports: [AuthModule],
  controllers: [
    TaskListsController,
    DashboardController,
    ExportsController,
    CalendarFeedController,
    BulletinDocumentsController,
  ],
  providers: [
    TaskListsService,
    SupervisionStatsService,
    AssessmentService,
    LedgerService,
    BulletinService,
    BulletinDocumentsService,
    CalendarFeedService,
  ],
})
export class SupervisionModule {}
