import { Module } from '@nestjs/common';
import { SecurityPolicyService } from './security-policy.service';

/** The stored security policy, on its own so that the people module and the CLI can read it. */
@Module({
  providers: [SecurityPolicyService],
  exports: [SecurityPolicyService],
})
export class SecurityPolicyModule {}
