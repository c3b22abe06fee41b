import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { Roles } from '../auth/auth-user';
import { IncidentComponentDto, WatchdogOverviewDto } from './dto/watchdog.dto';
import { WatchdogService } from './watchdog.service';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/watchdog')
export class WatchdogController {
  constructor(
    private readonly watchdog: WatchdogService,
    private readonly prisma: PrismaService,
  ) {}

  @Get()
  @Roles('ADMIN')
  @ApiOperation({ summary: '后台组件监测:当前状态、各进程心跳、最近的异常记录(系统管理员)' })
  @ApiOkResponse({ type: WatchdogOverviewDto })
  async overview(): Promise<WatchdogOverviewDto> {
    const [stale, heartbeats, incidents] = await Promise.all([
      this.watchdog.evaluate(),
      this.prisma.heartbeat.findMany({ orderBy: [{ component: 'asc' }, { beatAt: 'desc' }] }),
      this.prisma.watchdogIncident.findMany({ orderBy: { openedAt: 'desc' }, take: 50 }),
    ]);
    return {
      enabled: this.watchdog.enabled,
      status: stale.length > 0 ? 'degraded' : 'ok',
      stale,
      heartbeats: heartbeats.map(({ component, instance, beatAt, startedAt }) => ({
        component,
        instance,
        beatAt,
        startedAt,
      })),
      incidents: incidents.map((i) => ({
        id: i.id,
        openedAt: i.openedAt,
        closedAt: i.closedAt,
        components: i.components as unknown as IncidentComponentDto[],
      })),
    };
  }
}
