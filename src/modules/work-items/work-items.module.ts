import { Module } from '@nestjs/common';
import { DocumentWorkersModule } from '../../infra/worker-pool/document-workers.module';
import { AuthModule } from '../auth/auth.module';
import { RemindersModule } from '../reminders/reminders.module';
import { EvidenceStorage } from '../requests/evidence-storage.service';
import { TasksModule } from '../tasks/tasks.module';
import { InstructionDocumentService } from './instruction-document.service';
import { ItemEditService } from './item-edit.service';
import { TaskSourceService } from './task-source.service';
import { WorkItemsController } from './work-items.controller';
import { WorkItemsService } from './work-items.service';
import { WorkPreparationService } from './work-preparation.service';
import { WorkSheetService } from './work-sheet.service';
import { WorkTemplateController } from './work-template.controller';
import { WorkUnitsService } from './work-units.service';
import { WorkWriterService } from './work-writer.service';

/**
 * Every way work reaches the office besides an imported plan (单项督办, 批示件, 会议议定事项,
 * 上级交办, 人大建议, 政协提案), each as a `plan` row of its source, and the hand edit of an item.
 */
@Module({
  imports: [AuthModule, DocumentWorkersModule, RemindersModule, TasksModule],
  controllers: [WorkItemsController, WorkTemplateController],
  providers: [
    EvidenceStorage,
    InstructionDocumentService,
    ItemEditService,
    TaskSourceService,
    WorkItemsService,
    WorkPreparationService,
    WorkSheetService,
    WorkUnitsService,
    WorkWriterService,
  ],
})
export class WorkItemsModule {}
