import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { TaskIdPipe } from '../../common/http/task-id.pipe';
import { Roles } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { CurrentScope } from '../auth/scope.decorator';
import { DeputiesService } from './deputies.service';
import { CreateDeputyDto, DeputyCandidateDto, DeputyDto } from './dto/deputy.dto';

@ApiTags('deputies')
@ApiBearerAuth()
@Controller()
export class DeputiesController {
  constructor(private readonly deputies: DeputiesService) {}

  @Get('me/deputies')
  @Roles('LIAISON', 'HEAD')
  @ApiOperation({ summary: '我的委托:我委托的同事,以及委托我的同事' })
  @ApiOkResponse({ type: [DeputyDto] })
  mine(@CurrentScope() scope: Scope): Promise<DeputyDto[]> {
    return this.deputies.mine(scope);
  }

  @Get('me/deputies/candidates')
  @Roles('LIAISON', 'HEAD')
  @ApiOperation({ summary: '可委托的同事:本地区在岗的部门联络员和负责人' })
  @ApiOkResponse({ type: [DeputyCandidateDto] })
  candidates(@CurrentScope() scope: Scope): Promise<DeputyCandidateDto[]> {
    return this.deputies.candidates(scope);
  }

  @Post('me/deputies')
  @Roles('LIAISON', 'HEAD')
  @ApiOperation({
    summary: '委托同事:期间内受委托人代收我的提醒、可代我办理(报送进展、申请、签收、审核)',
  })
  @ApiCreatedResponse({ type: DeputyDto })
  create(@CurrentScope() scope: Scope, @Body() dto: CreateDeputyDto): Promise<DeputyDto> {
    return this.deputies.create(scope, dto);
  }

  @Delete('me/deputies/:id')
  @Roles('LIAISON', 'HEAD')
  @ApiOperation({ summary: '撤销我的一项委托' })
  @ApiOkResponse({ type: DeputyDto })
  revoke(@CurrentScope() scope: Scope, @Param('id', TaskIdPipe) id: string): Promise<DeputyDto> {
    return this.deputies.revoke(scope, id);
  }

  @Get('deputies')
  @Roles('SUPERVISOR', 'ADMIN')
  @ApiOperation({ summary: '督查室:本地区在期或将生效的委托' })
  @ApiOkResponse({ type: [DeputyDto] })
  inScope(@CurrentScope() scope: Scope): Promise<DeputyDto[]> {
    return this.deputies.inScope(scope);
  }
}
