import { AccessDenialRecorder } from '../../common/errors/access-denial-recorder';
import { Global, Module } from '@nestjs/common';
import { AccessDeniedAuditor } from './access-denied.auditor';
import { AuditSearchService } from './audit-search.service';
import { AuditTrailService } from './audit-trail.service';
import { AuditController } from './audit.controller';
import { AuditorController } from './auditor.controller';
import { AuditService } from './audit.service';

/** Global: every module that changes something records it here, inside its own transaction. */
@Global()
@Module({
  controllers: [AuditController, AuditorController],
  providers: [
    AuditService,
    AuditTrailService,
    AuditSearchService,
    AccessDeniedAuditor,
    { provide: AccessDenialRecorder, useExisting: AccessDeniedAuditor },
  ],
  exports: [AuditService, AccessDeniedAuditor, AccessDenialRecorder],
})
export class AuditModule {}
