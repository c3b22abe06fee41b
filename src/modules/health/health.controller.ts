import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, PrismaHealthIndicator } from '@nestjs/terminus';
import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { NoRateLimit } from '../../common/http/rate-limit';
import { ShutdownDrain } from '../../infra/lifecycle/shutdown-drain';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { Public } from '../auth/auth-user';
import { WatchdogService } from '../watchdog/watchdog.service';
import { RedisHealthIndicator } from './redis-health.indicator';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: PrismaHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly prisma: PrismaService,
    private readonly drain: ShutdownDrain,
    private readonly watchdog: WatchdogService,
  ) {}

  @Get()
  @Public()
  @NoRateLimit()
  @HealthCheck()
  @ApiOperation({
    summary:
      'PostgreSQL and Redis reachability (503 when either is down, or while the process drains); ' +
      'status `degraded` (200) with `watchdog.stale` when the tick, the sweep, the wave or a queue ' +
      'worker is stale',
  })
  async check() {
    // Stopping (SIGTERM): a proxy that checks here stops sending before the listener is gone.
    if (this.drain.draining) {
      throw new DomainException(ErrorCode.DRAINING, '服务正在停止,请稍后重试', {
        status: 'draining',
      });
    }
    const result = await this.health.check([
      () => this.postgres.pingCheck('postgresql', this.prisma, { timeout: 2000 }),
      () => this.redis.isHealthy('redis'),
    ]);
    if (!this.watchdog.enabled) return result;
    // 200 even when degraded: a load balancer must keep a healthy API in service while a worker
    // is down (taking the API out would not restart the worker); the watchdog alarms instead.
    const stale = await this.watchdog.evaluate();
    const status = stale.length > 0 ? 'degraded' : 'ok';
    return { ...result, status, watchdog: { status, stale } };
  }
}
