import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AccountsService } from './accounts.service';
import { SecurityController } from './security.controller';

/** The security administrator's routes: security policy and accounts. */
@Module({
  imports: [AuthModule],
  controllers: [SecurityController],
  providers: [AccountsService],
})
export class SecurityModule {}
