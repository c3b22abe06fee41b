import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Role } from '../../generated/prisma/enums';
import { AppConfig } from '../../config/app-config.service';
import { AuthUser, CurrentUser, Roles } from '../auth/auth-user';
import { QueueBoardSessionDto } from './dto/queue-board-session.dto';
import { boardCookie, BOARD_PATH, QueueBoardSession } from './queue-board-session';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/queue-board')
export class QueueBoardController {
  constructor(
    private readonly session: QueueBoardSession,
    private readonly config: AppConfig,
  ) {}

  @Post('session')
  @HttpCode(200)
  @Roles(Role.ADMIN)
  @ApiOperation({
    summary: '进入任务队列看板(仅管理员):签发 15 分钟有效、仅用于看板路径的 HttpOnly Cookie',
  })
  @ApiOkResponse({ type: QueueBoardSessionDto })
  async open(
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<QueueBoardSessionDto> {
    const { token, expiresAt } = await this.session.issue(user);
    const secure = req.secure || this.config.get('PUBLIC_URL').startsWith('https:');
    res.setHeader('Set-Cookie', boardCookie(token, secure));
    return { url: `${BOARD_PATH}/`, expiresAt };
  }
}
