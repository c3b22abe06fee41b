import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DeputiesController } from './deputies.controller';
import { DeputiesService } from './deputies.service';

/** Deputies (委托): naming, revoking and listing; their effect lives in the scope and deliveries. */
@Module({
  imports: [AuthModule],
  controllers: [DeputiesController],
  providers: [DeputiesService],
})
export class DeputiesModule {}
