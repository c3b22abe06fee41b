import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { BUSINESS_ROLES, type Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { DepartmentsService } from './departments.service';
import { DepartmentDto } from './dto/department.dto';
import { AddAliasDto, CreateDepartmentDto, SetMembersDto } from './dto/department-admin.dto';

@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({ summary: '部门名录(含别名、集合单位的成员):本级及下级地区的部门' })
  @ApiOkResponse({ type: [DepartmentDto] })
  list(@CurrentScope() scope: Scope): Promise<DepartmentDto[]> {
    return this.departments.list(scope);
  }

  @Post()
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Create a department (or a collective unit)' })
  @ApiCreatedResponse({ type: DepartmentDto })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateDepartmentDto): Promise<DepartmentDto> {
    return this.departments.create(user.id, dto);
  }

  @Post(':id/aliases')
  @Roles('ADMIN')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Save another printed name for a department (人社厅 = 省人力资源社会保障厅)',
  })
  addAlias(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AddAliasDto,
  ): Promise<void> {
    return this.departments.addAlias(user.id, id, dto.alias);
  }

  @Delete(':id/aliases/:alias')
  @Roles('ADMIN')
  @HttpCode(HttpStatus.NO_CONTENT)
  removeAlias(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('alias') alias: string,
  ): Promise<void> {
    return this.departments.removeAlias(user.id, id, alias);
  }

  @Put(':id/members')
  @Roles('ADMIN')
  @ApiOperation({ summary: 'Set the member departments of a collective unit' })
  @ApiOkResponse({ type: DepartmentDto })
  setMembers(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SetMembersDto,
  ): Promise<DepartmentDto> {
    return this.departments.setMembers(user.id, id, dto.memberIds);
  }
}
