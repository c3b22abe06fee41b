import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { CounterpartsService } from './counterparts.service';
import {
  CreateRegionDto,
  DeriveCounterpartsDto,
  MoveRegionDto,
  SetCounterpartsDto,
} from './dto/regions.dto';
import { RegionsService } from './regions.service';
import { DeriveResultDto, RegionViewDto } from './dto/region-view.dto';

@ApiTags('regions')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(
    private readonly regions: RegionsService,
    private readonly counterparts: CounterpartsService,
  ) {}

  @Get()
  @Roles(Role.ADMIN, Role.SUPERVISOR, Role.LEADER)
  @ApiOperation({ summary: 'Regions below the office (cities, counties) with their parent' })
  @ApiOkResponse({ type: [RegionViewDto] })
  list(@CurrentScope() scope: Scope) {
    return this.regions.list(scope);
  }

  @Post()
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Create a region below the office or below another region' })
  @ApiCreatedResponse({ type: RegionViewDto })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateRegionDto) {
    return this.regions.create(user.id, dto);
  }

  @Put(':id/parent')
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Move a region under another one (a cycle is refused)' })
  @ApiOkResponse({ type: RegionViewDto })
  move(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: MoveRegionDto,
  ) {
    return this.regions.move(user.id, id, dto.parentId);
  }

  @Post('counterparts/derive')
  @HttpCode(200)
  @Roles(Role.ADMIN)
  @ApiOperation({
    summary:
      "Create the regions' departments from the level above by name (省民政厅 → 南京市民政局) and link them",
  })
  @ApiOkResponse({ type: DeriveResultDto })
  derive(@CurrentUser() user: AuthUser, @Body() dto: DeriveCounterpartsDto) {
    return this.counterparts.derive(user.id, dto.regionIds);
  }

  @Get(':id/counterparts')
  @Roles(Role.ADMIN, Role.SUPERVISOR)
  @ApiOperation({ summary: "The level above's departments and their counterparts in the region" })
  listCounterparts(@CurrentScope() scope: Scope, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.counterparts.list(scope, id);
  }

  @Put(':id/counterparts')
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Correct counterpart links of a region (null removes one)' })
  setCounterparts(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SetCounterpartsDto,
  ) {
    return this.counterparts.set(user.id, id, dto.links);
  }
}
