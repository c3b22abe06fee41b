import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { NotificationsModule } from '../notifications/notifications.module';
import { WatchdogController } from './watchdog.controller';
import { WatchdogService } from './watchdog.service';
import { WorkerHeartbeats } from './worker-heartbeats';

/**
 * The watchdog: the workers' heartbeats, the staleness rules, incidents with one alarm and one
 * "recovered" message each, the administrator's view (GET /admin/watchdog); /health reads it. The
 * tick, the sweep and the wave beat through the global HeartbeatService (infra/heartbeat).
 */
@Module({
  imports: [DiscoveryModule, NotificationsModule],
  controllers: [WatchdogController],
  providers: [WatchdogService, WorkerHeartbeats],
  exports: [WatchdogService],
})
export class WatchdogModule {}
