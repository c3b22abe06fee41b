import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { CascadeService } from './cascade.service';
import { CascadePlanDto, LinkParentDto, RollupQueryDto } from './dto/cascade.dto';
import { PlanLinkService } from './plan-link.service';
import { RollupService } from './rollup.service';
import { CascadePreviewDto, CascadeResultDto, TaskRollupDto } from './dto/cascade-result.dto';

@ApiTags('cascade')
@ApiBearerAuth()
@Controller()
export class CascadeController {
  constructor(
    private readonly cascade: CascadeService,
    private readonly planLinks: PlanLinkService,
    private readonly rollup: RollupService,
    private readonly access: AccessPolicyService,
  ) {}

  @Post('plans/:id/cascade')
  @HttpCode(200)
  @Roles(Role.ADMIN)
  @ApiOperation({
    summary: 'Decompose a published plan into a child plan per region below (preview, then commit)',
  })
  @ApiExtraModels(CascadePreviewDto, CascadeResultDto)
  @ApiOkResponse({
    description: 'A preview (mode preview) or what the commit wrote (mode commit)',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CascadePreviewDto) },
        { $ref: getSchemaPath(CascadeResultDto) },
      ],
    },
  })
  cascadePlan(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CascadePlanDto,
  ) {
    return dto.mode === 'preview'
      ? this.cascade.preview(id, dto)
      : this.cascade.commit(id, dto, user.id);
  }

  @Post('plans/:id/publish')
  @HttpCode(200)
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Publish a draft child plan: reminders and the ladder start' })
  publish(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.cascade.publish(id, user.id);
  }

  @Post('plans/:id/parent')
  @HttpCode(200)
  @Roles(Role.ADMIN)
  @ApiOperation({
    summary: "Link a region's own imported plan to the plan above, item by item",
  })
  linkParent(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: LinkParentDto,
  ) {
    return this.planLinks.linkToParent(id, dto.parentPlanId, dto.links, user.id);
  }

  @Get('plans/:id/rollup')
  @Roles(Role.ADMIN, Role.SUPERVISOR, Role.LEADER)
  @ApiOperation({
    summary: "Per item: how the regions' tasks stand (done, overdue, cards, lagging)",
  })
  async planRollup(@CurrentScope() scope: Scope, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.access.assertPlanInScope(scope, id);
    return this.rollup.forPlan(id, scope);
  }

  @Get('tasks/:id/rollup')
  @Roles(Role.ADMIN, Role.SUPERVISOR, Role.LEADER)
  @ApiOperation({ summary: "A task's regions below it, worst first, with counts by state" })
  @ApiOkResponse({ type: TaskRollupDto })
  async taskRollup(
    @CurrentScope() scope: Scope,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: RollupQueryDto,
  ): Promise<TaskRollupDto> {
    await this.access.assertTaskInScope(scope, id);
    return this.rollup.forTask(id, scope.regionIds, {
      limit: query.limit ?? 100,
      offset: query.offset ?? 0,
      state: query.state,
    });
  }
}
