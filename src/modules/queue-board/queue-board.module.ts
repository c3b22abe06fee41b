import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AppConfig } from '../../config/app-config.service';
import { AuthModule } from '../auth/auth.module';
import { QueueBoard } from './queue-board';
import { QueueBoardController } from './queue-board.controller';
import { QueueBoardSession } from './queue-board-session';

/** The administrator's queue dashboard (bull-board, read-only) and its cookie sign-in. */
@Module({
  imports: [
    AuthModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.get('JWT_SECRET'))),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [QueueBoardController],
  providers: [QueueBoardSession, QueueBoard],
  exports: [QueueBoard],
})
export class QueueBoardModule {}
