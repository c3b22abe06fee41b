import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TaskIdPipe } from '../../common/http/task-id.pipe';
import { Roles } from '../auth/auth-user';
import { BUSINESS_ROLES, type Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { RequestResultDto } from '../requests/dto/request-view.dto';
import type { RequestResult } from '../requests/dto/requests.dto';
import { MyReviewDto, ReviewApproveDto, ReviewReturnDto } from './dto/review.dto';
import { ReviewChainService } from './review-chain.service';
import { ReviewQueueService } from './review-queue.service';

@ApiTags('reviews')
@ApiBearerAuth()
@Controller()
export class ReviewsController {
  constructor(
    private readonly chain: ReviewChainService,
    private readonly queue: ReviewQueueService,
  ) {}

  @Get('reviews/mine')
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({
    summary: '待我审核:我所处审核环节的办结申请(部门负责人、督查室、批示领导,含受委托的)',
  })
  @ApiOkResponse({ type: [MyReviewDto] })
  mine(@CurrentScope() scope: Scope): Promise<MyReviewDto[]> {
    return this.queue.mine(scope);
  }

  @Post('requests/:id/review/approve')
  @Roles(...BUSINESS_ROLES)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '审核同意(当前环节的办理人):转入下一环节,最后一个环节同意即办结销号',
  })
  @ApiOkResponse({ type: RequestResultDto })
  approve(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
    @Body() dto: ReviewApproveDto,
  ): Promise<RequestResult> {
    return this.chain.approve(scope, id, { ...dto, reason: dto.reason ?? null });
  }

  @Post('requests/:id/review/return')
  @Roles(...BUSINESS_ROLES)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '退回重办(当前环节的办理人,须说明理由):任务回到办理中' })
  @ApiOkResponse({ type: RequestResultDto })
  returnClosure(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
    @Body() dto: ReviewReturnDto,
  ): Promise<RequestResult> {
    return this.chain.returnClosure(scope, id, dto);
  }
}
