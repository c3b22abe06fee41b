import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TaskIdPipe } from '../../common/http/task-id.pipe';
import { Roles } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { AckBoardService } from './ack-board.service';
import { AcknowledgementService } from './acknowledgement.service';
import {
  AckBoardDto,
  AckStateDto,
  InsistReturnDto,
  ReassignedReturnDto,
  ReassignReturnDto,
  ReturnAssignmentDto,
} from './dto/acknowledgement.dto';
import { ReturnDecisionsService } from './return-decisions.service';

/** `:departmentId` is a UUID like a task's id: the same readable 400 otherwise. */
const UuidPipe = TaskIdPipe;

@ApiTags('acknowledgement')
@ApiBearerAuth()
@Controller()
export class AcknowledgementController {
  constructor(
    private readonly acks: AcknowledgementService,
    private readonly decisions: ReturnDecisionsService,
    private readonly boards: AckBoardService,
  ) {}

  @Post('tasks/:id/acknowledge')
  @Roles('LIAISON', 'HEAD')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '签收本部门的交办任务(已签收的再次签收无变化)' })
  @ApiOkResponse({ type: AckStateDto })
  acknowledge(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
  ): Promise<AckStateDto> {
    return this.acks.acknowledge(scope, id);
  }

  @Post('tasks/:id/return')
  @Roles('LIAISON', 'HEAD')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '退回交办任务(须在签收时限内,写明理由;逾期请提出职责异议)' })
  @ApiOkResponse({ type: AckStateDto })
  returnWork(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
    @Body() dto: ReturnAssignmentDto,
  ): Promise<AckStateDto> {
    return this.acks.returnWork(scope, id, dto);
  }

  @Post('tasks/:id/returns/:departmentId/insist')
  @Roles('SUPERVISOR', 'ADMIN')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '坚持交办:退回的部门重新签收(新的签收时限,并通知该部门)' })
  @ApiOkResponse({ type: AckStateDto })
  insist(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
    @Param('departmentId', UuidPipe) departmentId: string,
    @Body() dto: InsistReturnDto,
  ): Promise<AckStateDto> {
    return this.decisions.insist(scope, id, departmentId, dto);
  }

  @Post('tasks/:id/returns/:departmentId/reassign')
  @Roles('SUPERVISOR', 'ADMIN')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '改派:退回的部门不再承办,交由指定部门' })
  @ApiOkResponse({ type: ReassignedReturnDto })
  reassign(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
    @Param('departmentId', UuidPipe) departmentId: string,
    @Body() dto: ReassignReturnDto,
  ): Promise<ReassignedReturnDto> {
    return this.decisions.reassign(scope, id, departmentId, dto);
  }

  @Get('supervision/acknowledgements')
  @Roles('SUPERVISOR', 'ADMIN', 'LEADER')
  @ApiOperation({ summary: '签收情况:各部门签收率,待签收、逾期未签收和退回的任务' })
  @ApiOkResponse({ type: AckBoardDto })
  board(@CurrentScope() scope: Scope): Promise<AckBoardDto> {
    return this.boards.board(scope);
  }
}
