import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobHandlerCheck } from './job-handler-check';

/**
 * Imported by the application that runs the workers of the whole catalogue (AppModule): its boot
 * fails when a job has no handler. Processes that run some workers only (a test harness) or none
 * (the CLI) leave it out.
 */
@Module({ imports: [DiscoveryModule], providers: [JobHandlerCheck] })
export class JobHandlerCheckModule {}
