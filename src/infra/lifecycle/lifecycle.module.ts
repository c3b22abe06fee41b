import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ShutdownDrain } from './shutdown-drain';

/** The process's drain on shutdown (ShutdownDrain); /health reads whether it is draining. */
@Global()
@Module({ imports: [DiscoveryModule], providers: [ShutdownDrain], exports: [ShutdownDrain] })
export class LifecycleModule {}
