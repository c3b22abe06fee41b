import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { DocumentWorkers, documentWorkerOptions } from './document-workers';

/** One pool of document workers for the process, sized and capped by the configuration. */
@Module({
  providers: [
    {
      provide: DocumentWorkers,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new DocumentWorkers(documentWorkerOptions(config)),
    },
  ],
  exports: [DocumentWorkers],
})
export class DocumentWorkersModule {}
