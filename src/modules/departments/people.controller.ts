import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import {
  CreatePersonDto,
  LeaderDepartmentsDto,
  PersonDto,
  SetLeaderDepartmentsDto,
  SetPersonRegionDto,
} from './dto/people.dto';
import { PeopleService } from './people.service';

@ApiTags('people')
@ApiBearerAuth()
@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Everyone who can log in, with role, department and departments led' })
  @ApiOkResponse({ type: [PersonDto] })
  list(): Promise<PersonDto[]> {
    return this.people.list();
  }

  @Post()
  @Roles(Role.ADMIN)
  @ApiOperation({
    summary:
      'Create a person with a business role: SUPERVISOR, LEADER, HEAD or LIAISON (a liaison or head needs a department). ADMIN, SECURITY_ADMIN and AUDITOR are refused (403, 三员分立)',
  })
  @ApiCreatedResponse({ type: PersonDto })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreatePersonDto): Promise<PersonDto> {
    const created = await this.people.createPerson(dto, user);
    const [person] = await this.people.list(created.id);
    return person!;
  }

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
