import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, PrismaHealthIndicator } from '@nestjs/terminus';
import { NoRateLimit } from '../../common/http/rate-limit';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { Public } from '../auth/auth-user';
import { RedisHealthIndicator } from './redis-health.indicator';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: PrismaHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly prisma: PrismaService,
  ) {}

  @Get()
  @Public()
  @NoRateLimit()
  @HealthCheck()
  @ApiOperation({ summary: 'PostgreSQL and Redis reachability (503 when either is down)' })
  check() {
    return this.health.check([
      () => this.postgres.pingCheck('postgresql', this.prisma, { timeout: 2000 }),
      () => this.redis.isHealthy('redis'),
    ]);
  }
}
