import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { TaskIdPipe } from '../../common/http/task-id.pipe';
import { Roles } from '../auth/auth-user';
import { BUSINESS_ROLES, type Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { TaskNoticesDto } from './dto/task-notices.dto';
import { DOCX, type NoticeFile } from './notice-documents.service';
import { NoticeReadsService } from './notice-reads.service';

const NoticeIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainException(ErrorCode.VALIDATION_FAILED, '交办通知编号格式不正确', [
      { field: 'id', reason: '格式不正确', constraint: 'isUUID' },
    ]),
});

/** Sends a document as a download, its Chinese name in RFC 5987 form (and an ASCII fallback). */
export function sendDocument(res: Response, file: Pick<NoticeFile, 'filename' | 'content'>): void {
  res.status(200);
  res.setHeader('content-type', DOCX);
  res.setHeader(
    'content-disposition',
    `attachment; filename="document.docx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  );
  res.setHeader('cache-control', 'no-store');
  res.end(file.content);
}

@ApiTags('notices')
@ApiBearerAuth()
@Controller()
export class NoticesController {
  constructor(private readonly reads: NoticeReadsService) {}

  @Get('notices/:id.docx')
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({
    summary: '下载交办通知(.docx,公文格式):承办单位的联络员、负责人、分管领导,及范围内的督查室',
  })
  @ApiProduces(DOCX)
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such notice, or out of scope' })
  async assignmentNotice(
    @CurrentScope() scope: Scope,
    @Param('id', NoticeIdPipe) id: string,
    @Res() res: Response,
  ): Promise<void> {
    sendDocument(res, await this.reads.assignmentNoticeFile(scope, id));
  }

  @Get('tasks/:id/notices')
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({
    summary: '任务的交办通知(范围内各承办单位)与督办单,附下载地址',
  })
  @ApiOkResponse({ type: TaskNoticesDto })
  taskNotices(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
  ): Promise<TaskNoticesDto> {
    return this.reads.taskNotices(scope, id);
  }

  @Get('tasks/:id/supervision-notice.docx')
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({ summary: '下载任务最近一次督办单(.docx,公文格式)' })
  @ApiProduces(DOCX)
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such task, out of scope, or no 督办单 yet' })
  async supervisionNotice(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
    @Res() res: Response,
  ): Promise<void> {
    sendDocument(res, await this.reads.supervisionNoticeFile(scope, id));
  }
}
