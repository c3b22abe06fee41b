import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { KEEP_FINISHED, QueueName } from './job-catalogue';
import { redisConnectionOptions } from './redis-connection';

const queues = Object.values(QueueName).map((name) =>
  BullModule.registerQueue({
    name,
    defaultJobOptions: { removeOnComplete: KEEP_FINISHED, removeOnFail: { age: 7 * 24 * 3600 } },
  }),
);

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: redisConnectionOptions(config.get('REDIS_URL')),
        prefix: config.get('QUEUE_PREFIX'),
      }),
    }),
    ...queues,
  ],
  exports: queues,
})
export class QueueModule {}
