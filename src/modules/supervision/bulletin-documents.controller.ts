import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { Role } from '../../generated/prisma/enums';
import { Roles } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import type { BulletinFile } from './bulletin-documents.service';
import { BulletinDocumentsService } from './bulletin-documents.service';
import { IssuedBulletinDto, IssueBulletinDto } from './dto/bulletin-issue.dto';
import { PeriodQuery } from './dto/stats.dto';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const BulletinIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainException(ErrorCode.VALIDATION_FAILED, '通报编号格式不正确', [
      { field: 'id', reason: '格式不正确', constraint: 'isUUID' },
    ]),
});

function send(res: Response, file: BulletinFile): void {
  res.status(200);
  res.setHeader('content-type', DOCX);
  res.setHeader(
    'content-disposition',
    `attachment; filename="bulletin.docx"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  );
  res.setHeader('cache-control', 'no-store');
  res.end(file.content);
}

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class BulletinDocumentsController {
  constructor(private readonly documents: BulletinDocumentsService) {}

  @Get('bulletin.docx')
  @Roles(Role.SUPERVISOR, Role.ADMIN, Role.LEADER)
  @ApiOperation({
    summary: '通报草稿(.docx,公文格式,文号留空待印发):与通报草稿相同的期间、方案和范围',
  })
  @ApiProduces(DOCX)
  async draft(
    @CurrentScope() scope: Scope,
    @Query() q: PeriodQuery,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.documents.draft(scope, q));
  }

  @Post('bulletins')
  @Roles(Role.SUPERVISOR, Role.ADMIN)
  @ApiOperation({
    summary: '印发通报:按期间生成通报并编号(通报〔年〕N号,本级督查室每年从1起),留存印发时的内容',
  })
  @ApiCreatedResponse({ type: IssuedBulletinDto })
  issue(@CurrentScope() scope: Scope, @Body() body: IssueBulletinDto): Promise<IssuedBulletinDto> {
    return this.documents.issue(scope, body);
  }

  @Get('bulletins/:id.docx')
  @Roles(Role.SUPERVISOR, Role.ADMIN, Role.LEADER)
  @ApiOperation({ summary: '下载已印发的通报(.docx,公文格式)' })
  @ApiProduces(DOCX)
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such bulletin, or of an office out of scope' })
  async issued(
    @CurrentScope() scope: Scope,
    @Param('id', BulletinIdPipe) id: string,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.documents.issued(scope, id));
  }
}
