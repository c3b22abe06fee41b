import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** Global: every module that changes something records it here, inside its own transaction. */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
