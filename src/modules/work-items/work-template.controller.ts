import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { MAX_PLAN_FILE_BYTES } from '../plans/import/plan-document.reader';
import { SheetPreviewDto, SheetUploadDto } from './dto/work-sheet.dto';
import { sheetFileMissing } from './work-items.errors';
import { WorkSheetService } from './work-sheet.service';
import { buildWorkTemplate } from './work-template';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The Excel template for bulk entry of any source, and its upload (preview, then commit). */
@ApiTags('work-items')
@ApiBearerAuth()
@Controller('work-items/sheet')
export class WorkTemplateController {
  constructor(private readonly sheets: WorkSheetService) {}

  @Get('template')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: '下载督办事项批量录入模板(.xlsx)' })
  @ApiProduces(XLSX)
  async template(@Res() res: Response): Promise<void> {
    const body = await buildWorkTemplate();
    res.status(200);
    res.setHeader('content-type', XLSX);
    res.setHeader(
      'content-disposition',
      `attachment; filename="work-items.xlsx"; filename*=UTF-8''${encodeURIComponent('督办事项模板.xlsx')}`,
    );
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  }

  @Post()
  @Roles('SUPERVISOR', 'ADMIN')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary:
      '上传填好的模板:preview 逐行检查(错误注明行号和列名);commit 全部无误时一次导入,否则不导入任何事项',
  })
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_PLAN_FILE_BYTES, files: 1, fields: 5 } }),
  )
  @ApiOkResponse({ type: SheetPreviewDto, description: 'preview; commit answers the created work' })
  upload(
    @CurrentScope() scope: Scope,
    @Body() dto: SheetUploadDto,
    @UploadedFile() file?: { buffer: Buffer; originalname: string },
  ) {
    if (!file) throw sheetFileMissing();
    return dto.mode === 'commit'
      ? this.sheets.commit(scope, file)
      : this.sheets.preview(scope, file);
  }
}
