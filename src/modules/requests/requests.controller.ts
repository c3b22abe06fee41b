import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { BUSINESS_ROLES, type Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { TaskIdPipe } from '../../common/http/task-id.pipe';
import {
  ApproveRequestDto,
  ClosureRequestDto,
  DisputeRequestDto,
  ExtensionRequestDto,
  ReassignRequestDto,
  RejectRequestDto,
  RequestQueueQuery,
  RequestResult,
  RequestView,
  SubDeadlineDto,
  UpholdRequestDto,
} from './dto/requests.dto';
import { EvidenceUploadInterceptor, UploadedEvidenceFile } from './evidence-upload.interceptor';
import { RequestResultDto, RequestViewDto } from './dto/request-view.dto';
import { RequestDecisionsService } from './request-decisions.service';
import { RequestQueueService } from './request-queue.service';
import { RequestSubmissionService } from './request-submission.service';

/** `:id` / `:assignmentId` are UUIDs like a task's: the same readable 400 otherwise. */
const UuidPipe = TaskIdPipe;

@ApiTags('requests')
@ApiBearerAuth()
@Controller()
export class RequestsController {
  constructor(
    private readonly submission: RequestSubmissionService,
    private readonly decisions: RequestDecisionsService,
    private readonly lists: RequestQueueService,
  ) {}

  @Post('tasks/:id/requests/closure')
  @Roles('LIAISON', 'HEAD')
  @UseInterceptors(EvidenceUploadInterceptor)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiOperation({
    summary: '申请办结销号(牵头部门):办结情况、佐证链接与文件(files,每个不超过 10 MB,最多 5 个)',
  })
  @ApiCreatedResponse({ type: RequestResultDto })
  requestClosure(
    @CurrentUser() user: AuthUser,
    @Param('id', TaskIdPipe) id: string,
    @Body() dto: ClosureRequestDto,
    @UploadedFiles() files?: UploadedEvidenceFile[],
  ): Promise<RequestResult> {
    return this.submission.requestClosure(user, id, dto, files ?? []);
  }

  @Post('tasks/:id/requests/extension')
  @Roles('LIAISON', 'HEAD')
  @ApiOperation({ summary: '申请延期(牵头部门,须在办结时限届满前)' })
  @ApiCreatedResponse({ type: RequestResultDto })
  requestExtension(
    @CurrentUser() user: AuthUser,
    @Param('id', TaskIdPipe) id: string,
    @Body() dto: ExtensionRequestDto,
  ): Promise<RequestResult> {
    return this.submission.requestExtension(user, id, dto);
  }

  @Post('tasks/:id/requests/dispute')
  @Roles('LIAISON', 'HEAD')
  @ApiOperation({ summary: '提出职责异议(承办部门,交办后若干工作日内)' })
  @ApiCreatedResponse({ type: RequestResultDto })
  requestDispute(
    @CurrentUser() user: AuthUser,
    @Param('id', TaskIdPipe) id: string,
    @Body() dto: DisputeRequestDto,
  ): Promise<RequestResult> {
    return this.submission.requestDispute(user, id, dto);
  }

  @Get('tasks/:id/requests')
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({ summary: '任务的全部申请及处理结果' })
  @ApiOkResponse({ type: [RequestViewDto] })
  listForTask(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
  ): Promise<RequestView[]> {
    return this.lists.listForTask(scope, id);
  }

  @Put('tasks/:id/assignments/:assignmentId/sub-deadline')
  @Roles('LIAISON', 'HEAD')
  @ApiOperation({ summary: '牵头部门设定配合部门向其报送的时限(不晚于任务办结时限)' })
  setSubDeadline(
    @CurrentUser() user: AuthUser,
    @Param('id', TaskIdPipe) id: string,
    @Param('assignmentId', UuidPipe) assignmentId: string,
    @Body() dto: SubDeadlineDto,
  ) {
    return this.decisions.setSubDeadline(user, id, assignmentId, dto);
  }

  @Get('requests')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: '督查室待办:按状态、类型筛选的申请(最早的在前)' })
  @ApiOkResponse({ type: [RequestViewDto] })
  queue(@CurrentScope() scope: Scope, @Query() query: RequestQueueQuery): Promise<RequestView[]> {
    return this.lists.queue(scope, query);
  }

  @Post('requests/:id/approve')
  @Roles('SUPERVISOR', 'ADMIN')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '同意办结或延期' })
  @ApiOkResponse({ type: RequestResultDto })
  approve(
    @CurrentScope() scope: Scope,
    @Param('id', UuidPipe) id: string,
    @Body() dto: ApproveRequestDto,
  ): Promise<RequestResult> {
    return this.decisions.approve(scope, id, dto);
  }

  @Post('requests/:id/reject')
  @Roles('SUPERVISOR', 'ADMIN')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '退回办结申请或不同意延期(须说明理由)' })
  @ApiOkResponse({ type: RequestResultDto })
  reject(
    @CurrentScope() scope: Scope,
    @Param('id', UuidPipe) id: string,
    @Body() dto: RejectRequestDto,
  ): Promise<RequestResult> {
    return this.decisions.reject(scope, id, dto);
  }

  @Post('requests/:id/uphold')
  @Roles('SUPERVISOR', 'ADMIN')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '职责异议:维持原分工' })
  @ApiOkResponse({ type: RequestResultDto })
  uphold(
    @CurrentScope() scope: Scope,
    @Param('id', UuidPipe) id: string,
    @Body() dto: UpholdRequestDto,
  ): Promise<RequestResult> {
    return this.decisions.uphold(scope, id, dto);
  }

  @Post('requests/:id/reassign')
  @Roles('SUPERVISOR', 'ADMIN')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '职责异议:重新交办(移除提出异议的部门,增加指定部门)' })
  @ApiOkResponse({ type: RequestResultDto })
  reassign(
    @CurrentScope() scope: Scope,
    @Param('id', UuidPipe) id: string,
    @Body() dto: ReassignRequestDto,
  ): Promise<RequestResult> {
    return this.decisions.reassign(scope, id, dto);
  }
}
