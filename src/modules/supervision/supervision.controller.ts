import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums';
import { AccessPolicyService } from '../auth/access-policy.service';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import {
  ByDepartmentQuery,
  OverdueByDepartmentDto,
  OverdueQuery,
  OverdueTaskDto,
} from './dto/overdue.dto';
import { SupervisionService } from './supervision.service';

@ApiTags('supervision')
@ApiBearerAuth()
@Roles(Role.SUPERVISOR, Role.ADMIN, Role.LEADER)
@Controller('supervision')
export class SupervisionController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly access: AccessPolicyService,
  ) {}

  @Get('overdue')
  @ApiOperation({ summary: '逾期未办结任务,按逾期工作日降序' })
  @ApiOkResponse({ type: [OverdueTaskDto] })
  async overdue(
    @CurrentUser() user: AuthUser,
    @Query() query: OverdueQuery,
  ): Promise<OverdueTaskDto[]> {
    return this.supervision.overdue(query, await this.access.office(user));
  }

  @Get('overdue/by-department')
  @ApiOperation({ summary: '各部门逾期任务数(牵头/配合)' })
  @ApiOkResponse({ type: [OverdueByDepartmentDto] })
  async overdueByDepartment(
    @CurrentUser() user: AuthUser,
    @Query() query: ByDepartmentQuery,
  ): Promise<OverdueByDepartmentDto[]> {
    return this.supervision.overdueByDepartment(query, await this.access.office(user));
  }
}
