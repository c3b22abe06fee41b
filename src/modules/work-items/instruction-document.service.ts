import { Injectable } from '@nestjs/common';
import { DocumentWorkers } from '../../infra/worker-pool/document-workers';
import type { Scope } from '../auth/scope';
import { checkEvidenceFiles } from '../requests/evidence-files';
import { EvidenceStorage } from '../requests/evidence-storage.service';
import { displayFileName } from '../requests/evidence-type';
import type { UploadedEvidenceFile } from '../requests/evidence-upload.interceptor';
import type { CreateInstructionDto } from './dto/create-work.dto';
import type { WorkCreatedDto } from './dto/work-view.dto';
import { WorkItemsService } from './work-items.service';

/**
 * A leader's instruction with its source document (批示原件): the file is checked by content in a
 * document worker exactly as evidence is (a hostile file cannot stall the service), stored by its
 * hash, and kept as evidence of the instruction's tasks.
 */
@Injectable()
export class InstructionDocumentService {
  constructor(
    private readonly workers: DocumentWorkers,
    private readonly storage: EvidenceStorage,
    private readonly work: WorkItemsService,
  ) {}

  async createInstruction(
    scope: Scope,
    dto: CreateInstructionDto,
    file?: UploadedEvidenceFile,
  ): Promise<WorkCreatedDto> {
    if (!file) return this.work.createInstruction(scope, dto);
    const [typed] = await checkEvidenceFiles(this.workers, [file]);
    const stored = await this.storage.store(file.buffer);
    return this.work.createInstruction(scope, dto, {
      fileName: displayFileName(file.originalname),
      storedPath: stored.storedPath,
      size: stored.size,
      mimeType: typed!.type.mimeType,
      sha256: stored.sha256,
    });
  }
}
