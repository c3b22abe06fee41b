import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { WatchdogModule } from '../watchdog/watchdog.module';
import { HealthController } from './health.controller';
import { RedisHealthIndicator } from './redis-health.indicator';

@Module({
  imports: [TerminusModule, WatchdogModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator],
})
export class HealthModule {}
