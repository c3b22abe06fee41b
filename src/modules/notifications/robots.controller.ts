import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth-user';
import { AllowedHostsDto } from './dto/allowed-hosts.dto';
import { CreateRobotDto, RobotDto, UpdateRobotDto } from './dto/robot.dto';
import { RobotHostsService } from './robot-hosts.service';
import { RobotsService } from './robots.service';

@ApiTags('robots')
@ApiBearerAuth()
@Roles('ADMIN')
@Controller('robots')
export class RobotsController {
  constructor(
    private readonly robots: RobotsService,
    private readonly hosts: RobotHostsService,
  ) {}

  @Get()
  @ApiOperation({ summary: '群机器人列表(不返回签名密钥)' })
  @ApiOkResponse({ type: [RobotDto] })
  list(): Promise<RobotDto[]> {
    return this.robots.list();
  }

  @Get('allowed-hosts')
  @ApiOperation({ summary: '机器人地址允许的额外主机(官方地址之外)' })
  @ApiOkResponse({ type: AllowedHostsDto })
  allowedHosts(): Promise<AllowedHostsDto> {
    return this.hosts.list();
  }

  @Put('allowed-hosts')
  @ApiOperation({
    summary: '设置机器人地址允许的额外主机(整体替换;本机、内网、链路本地地址始终不允许)',
  })
  @ApiOkResponse({ type: AllowedHostsDto })
  setAllowedHosts(@Body() dto: AllowedHostsDto): Promise<AllowedHostsDto> {
    return this.hosts.replace(dto);
  }

  @Post()
  @ApiOperation({ summary: '添加部门(或督查室)的企业微信/钉钉/飞书群机器人' })
  @ApiOkResponse({ type: RobotDto })
  create(@Body() dto: CreateRobotDto): Promise<RobotDto> {
    return this.robots.create(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改机器人(名称、地址、密钥、限速、启用);secret 为 null 时清除密钥' })
  @ApiOkResponse({ type: RobotDto })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateRobotDto,
  ): Promise<RobotDto> {
    return this.robots.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '删除机器人' })
  remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.robots.remove(id);
  }
}
