import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { ImportPlanDto } from './dto/import-plan.dto';
import { PlanImportService } from './plan-import.service';
import { PlanPolicyService } from './plan-policy.service';
import { planFileMissing } from './plans.errors';
import { PlansService } from './plans.service';
// Larger uploads are cut off by multer with 413, before the reader (which refuses them too).
import { MAX_PLAN_FILE_BYTES } from './import/plan-document.reader';
import { RawJsonPipe } from '../../common/http/raw-json.pipe';
import { PlanImportPreviewDto, PlanImportResultDto } from './dto/plan-import-result.dto';
import { PlanListItemDto } from './dto/plan-list.dto';
import { PlanPolicyDto, PolicyChangeDto } from './dto/plan-policy.dto';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(
    private readonly importer: PlanImportService,
    private readonly plans: PlansService,
    private readonly policies: PlanPolicyService,
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
  @ApiExtraModels(PlanImportPreviewDto, PlanImportResultDto)
  @ApiOkResponse({
    description: 'A preview (mode preview) or what the commit wrote (mode commit)',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(PlanImportPreviewDto) },
        { $ref: getSchemaPath(PlanImportResultDto) },
      ],
    },
  })
  async import(
    @Body() dto: ImportPlanDto,
    @CurrentUser() user: AuthUser,
    @UploadedFile() file?: { buffer: Buffer; originalname: string },
  ) {
    const content = file?.buffer ?? dto.text;
    if (content === undefined) throw planFileMissing();
    const input = {
      content,
      sourceName: dto.sourceName ?? file?.originalname ?? '方案正文',
      defaultDueOn: dto.defaultDueOn,
      regionId: dto.regionId,
      createUnknownUnits: dto.createUnknownUnits,
      confirmAllReview: dto.confirmAllReview,
      corrections: dto.corrections,
    };
    return dto.mode === 'preview'
      ? this.importer.preview(input)
      : this.importer.commit(input, user.id);
  }

  @Get()
  @Roles('ADMIN', 'SUPERVISOR', 'LEADER')
  @ApiOperation({ summary: 'Plans with their task counts' })
  @ApiOkResponse({ type: [PlanListItemDto] })
  list(@CurrentScope() scope: Scope): Promise<PlanListItemDto[]> {
    return this.plans.list(scope);
  }

  @Get(':id/policy')
  @Roles('ADMIN', 'SUPERVISOR', 'LEADER')
  @ApiOperation({
    summary: "The plan's reminder, quiet-hours and escalation policy (defaults filled in)",
  })
  @ApiOkResponse({ type: PlanPolicyDto })
  getPolicy(@CurrentScope() scope: Scope, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.policies.get(scope, id);
  }

  @Put(':id/policy')
  @Roles('ADMIN')
  @ApiOperation({
    summary:
      'Change the policy; pending reminders are re-planned (added, cancelled, moved are counted)',
  })
  @ApiBody({
    type: PlanPolicyDto,
    description: 'Any part of the policy; what is left out keeps its default',
  })
  @ApiOkResponse({ type: PolicyChangeDto })
  putPolicy(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentScope() scope: Scope,
    @Body(new RawJsonPipe()) body: unknown,
  ) {
    return this.policies.update(scope, id, body);
  }

  @Get(':id')
  @Roles('ADMIN', 'SUPERVISOR', 'LEADER')
  @ApiOperation({ summary: 'A plan with its chapters, sections and tasks' })
  get(@CurrentScope() scope: Scope, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.plans.get(scope, id);
  }
}
