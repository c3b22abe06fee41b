import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import {
  LeaderDepartmentsDto,
  SetLeaderDepartmentsDto,
  SetPersonRegionDto,
} from './dto/people.dto';
import { PeopleService } from './people.service';

@ApiTags('people')
@ApiBearerAuth()
@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Put(':id/departments')
  @Roles(Role.ADMIN)
  @ApiOperation({
    summary: "Set a leader's departments (分管部门): the leader reads their tasks and dashboards",
  })
  @ApiOkResponse({ type: LeaderDepartmentsDto })
  setLeaderDepartments(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SetLeaderDepartmentsDto,
  ): Promise<LeaderDepartmentsDto> {
    return this.people.setLeaderDepartments(id, dto.departmentIds);
  }

  @Put(':id/region')
  @Roles(Role.ADMIN)
  @ApiOperation({
    summary: "Put a person on a region's supervision office (null = the top office)",
  })
  setRegion(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SetPersonRegionDto,
  ): Promise<{ personId: string; regionId: string | null }> {
    return this.people.setRegion(user.id, id, dto.regionId ?? null);
  }
}
