import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { TaskIdPipe } from '../../common/http/task-id.pipe';
import type { Response } from 'express';
import { Roles } from '../auth/auth-user';
import { BUSINESS_ROLES, type Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import {
  MAX_EVIDENCE_FILE_BYTES,
  UploadedEvidenceFile,
} from '../requests/evidence-upload.interceptor';
import {
  CreateInstructionDto,
  CreateMatterDto,
  CreateMeetingDto,
  CreateSingleDto,
} from './dto/create-work.dto';
import { EditItemDto, ItemEditedDto } from './dto/edit-item.dto';
import {
  WorkContainerDto,
  WorkCreatedDto,
  WorkListItemDto,
  TaskSourceDto,
  WorkListQuery,
  WorkUnitDto,
} from './dto/work-view.dto';
import { InstructionDocumentService } from './instruction-document.service';
import { ItemEditService } from './item-edit.service';
import { TaskSourceService } from './task-source.service';
import { WorkItemsService } from './work-items.service';
import { WorkUnitsService } from './work-units.service';

/** New work of each source, a container read and listed, and the hand edit of any item. */
@ApiTags('work-items')
@ApiBearerAuth()
@Controller()
export class WorkItemsController {
  constructor(
    private readonly work: WorkItemsService,
    private readonly documents: InstructionDocumentService,
    private readonly edits: ItemEditService,
    private readonly units: WorkUnitsService,
    private readonly sources: TaskSourceService,
  ) {}

  @Post('work-items/single')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: '新建单项督办' })
  @ApiCreatedResponse({ type: WorkCreatedDto })
  createSingle(@CurrentScope() scope: Scope, @Body() dto: CreateSingleDto) {
    return this.work.createSingle(scope, dto);
  }

  @Post('work-items/instruction')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiOperation({
    summary: '新建领导批示件(批示原件放在 document 字段,PDF/图片/Word,不超过 10 MB)',
  })
  @UseInterceptors(
    FileInterceptor('document', {
      limits: { fileSize: MAX_EVIDENCE_FILE_BYTES, files: 1, fields: 30, fieldSize: 64 * 1024 },
      defParamCharset: 'utf8',
    }),
  )
  @ApiCreatedResponse({ type: WorkCreatedDto })
  createInstruction(
    @CurrentScope() scope: Scope,
    @Body() dto: CreateInstructionDto,
    @UploadedFile() document?: UploadedEvidenceFile,
  ) {
    return this.documents.createInstruction(scope, dto, document);
  }

  @Post('work-items/meeting')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: '新建会议议定事项(一次录入多项议定事项)' })
  @ApiCreatedResponse({ type: WorkCreatedDto })
  createMeeting(@CurrentScope() scope: Scope, @Body() dto: CreateMeetingDto) {
    return this.work.createMeeting(scope, dto);
  }

  @Post('work-items/matter')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: '新建上级交办事项、人大建议或政协提案(答复即办结佐证)' })
  @ApiCreatedResponse({ type: WorkCreatedDto })
  createMatter(@CurrentScope() scope: Scope, @Body() dto: CreateMatterDto) {
    return this.work.createMatter(scope, dto);
  }

  @Get('work-items')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: '本督查室的督办事项(按来源)' })
  @ApiOkResponse({ type: [WorkListItemDto] })
  list(@CurrentScope() scope: Scope, @Query() q: WorkListQuery) {
    return this.work.list(scope, q.source);
  }

  @Get('work-items/leaders')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: '可选的批示领导(本督查室管辖范围内的领导账号)' })
  @ApiOkResponse({ type: [WorkUnitDto] })
  leaders(@CurrentScope() scope: Scope): Promise<WorkUnitDto[]> {
    return this.units.leaders(scope);
  }

  @Get('work-items/:id')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: '一件督办事项:来源信息及其任务' })
  @ApiOkResponse({ type: WorkContainerDto })
  get(@CurrentScope() scope: Scope, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.work.get(scope, id);
  }

  @Get('tasks/:id/source')
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({ summary: '任务的来源:来源类别、文号、日期、批示领导、是否有批示原件' })
  @ApiOkResponse({ type: TaskSourceDto })
  source(@CurrentScope() scope: Scope, @Param('id', TaskIdPipe) id: string) {
    return this.sources.sourceOf(scope, id);
  }

  @Get('tasks/:id/source-document')
  @Roles(...BUSINESS_ROLES)
  @ApiOperation({ summary: '下载批示原件(没有时 404)' })
  async sourceDocument(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const doc = await this.sources.documentFile(scope, id);
    res.setHeader('content-type', doc.mimeType);
    res.setHeader(
      'content-disposition',
      `attachment; filename="document"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
    );
    res.setHeader('cache-control', 'private, no-store');
    res.sendFile(doc.path, (err) => {
      // Stored by hash and never deleted; a missing file is an operator's loss, answered 404.
      if (err && !res.headersSent) {
        res.removeHeader('content-disposition');
        res
          .status(404)
          .json({ code: 'NOT_FOUND', message: '批示原件文件已不存在,请联系督查室重新上传' });
      }
    });
  }

  @Patch('tasks/:id/item')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({
    summary: '手工修改事项(内容、牵头/配合单位、办结时限);提醒随之调整,修改前后记入审计',
  })
  @ApiOkResponse({ type: ItemEditedDto })
  edit(
    @CurrentScope() scope: Scope,
    @Param('id', TaskIdPipe) id: string,
    @Body() dto: EditItemDto,
  ): Promise<ItemEditedDto> {
    return this.edits.edit(scope, id, dto);
  }
}
