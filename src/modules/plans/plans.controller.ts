import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { ImportPlanDto } from './dto/import-plan.dto';
import { PlanImportService } from './plan-import.service';
import { PlansService } from './plans.service';

/** Larger uploads are cut off by multer with 413; the reader refuses > 20 MB with FILE_TOO_LARGE too. */
export const MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024;

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly importer: PlanImportService,
    private readonly plans: PlansService,
  ) {}

  @Post('import')
  @Roles('ADMIN')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiOperation({
    summary: 'Preview or commit the import of a plan document (upload `file` or send `text`)',
  })
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_PLAN_FILE_BYTES, files: 1, fields: 20 } }),
  )
  async import(
    @Body() dto: ImportPlanDto,
    @CurrentUser() user: AuthUser,
    @UploadedFile() file?: { buffer: Buffer; originalname: string },
  ) {
    const content = file?.buffer ?? dto.text;
    if (content === undefined) {
      throw new DomainException(
        ErrorCode.FILE_MISSING,
        '请上传方案文件(file)或填写方案正文(text)',
        HttpStatus.BAD_REQUEST,
        [{ field: 'file', reason: '必须填写' }],
      );
    }
    const input = {
      content,
      sourceName: dto.sourceName ?? file?.originalname ?? '方案正文',
      defaultDueOn: dto.defaultDueOn,
      createUnknownUnits: dto.createUnknownUnits,
      corrections: dto.corrections,
    };
    return dto.mode === 'preview'
      ? this.importer.preview(input)
      : this.importer.commit(input, user.id);
  }

  @Get()
  @Roles('ADMIN', 'SUPERVISOR', 'LEADER')
  @ApiOperation({ summary: 'Plans with their task counts' })
  list() {
    return this.plans.list();
  }

  @Get(':id')
  @Roles('ADMIN', 'SUPERVISOR', 'LEADER')
  @ApiOperation({ summary: 'A plan with its chapters, sections and tasks' })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.plans.get(id);
  }
}
