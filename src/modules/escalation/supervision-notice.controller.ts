import { Controller, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { Roles } from '../auth/auth-user';
import { TaskIdPipe } from '../../common/http/task-id.pipe';
import { IssuedNoticeDto } from './dto/issued-notice.dto';
import { SupervisionNoticeService } from './supervision-notice.service';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('tasks')
export class SupervisionNoticeController {
  constructor(
    private readonly notices: SupervisionNoticeService,
    private readonly access: AccessPolicyService,
  ) {}

  @Post(':id/supervision-notice')
  @Roles(Role.SUPERVISOR, Role.ADMIN)
  @ApiOperation({
    summary:
      '督查室手动下发督办单:为任务当前完成时限记录督办环节、编号(督〔年〕N号),并向牵头单位联络员、负责人和督查室发送督办通知,与逾期自动督办相同',
  })
  @ApiCreatedResponse({ type: IssuedNoticeDto })
  @ApiConflictResponse({
    description:
      'TASK_CLOSED (closed or withdrawn), INVALID_TRANSITION (suspended or disputed), NO_DEADLINE (ongoing), NOTICE_ALREADY_ISSUED',
  })
  async issue(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
  ): Promise<IssuedNoticeDto> {
    await this.access.assertTaskInScope(scope, id);
    return this.notices.issue(id, scope.user.id);
  }
}
