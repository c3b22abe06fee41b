import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response } from 'express';
import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { statusOf } from '../../common/errors/error-status';
import { QueueName } from '../../infra/queue/job-catalogue';
import { BOARD_PATH, QueueBoardSession } from './queue-board-session';

/**
 * bull-board over every queue of the catalogue, at /admin/queues, for administrators signed in
 * through QueueBoardSession. Read-only: retrying, promoting, cleaning or emptying a queue would
 * act beside the domain's own rules (PostgreSQL holds the state; reconciliation re-adds waves,
 * retries failed ones and re-enqueues pending deliveries), so the board only shows. Any other
 * method than GET and HEAD is refused before bull-board sees it.
 */
@Injectable()
export class QueueBoard {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly session: QueueBoardSession,
  ) {}

  /** Mounts the board on the API's Express app (before the web interface's 404). */
  mount(http: Express): void {
    const server = new ExpressAdapter().setBasePath(BOARD_PATH);
    createBullBoard({
      queues: Object.values(QueueName).map(
        (name) =>
          new BullMQAdapter(this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }), {
            readOnlyMode: true,
          }),
      ),
      // @bull-board/express carries its own copy of @bull-board/api's types (same major).
      serverAdapter: server as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
      options: { uiConfig: { boardTitle: '督办系统任务队列' } },
    });
    http.use(BOARD_PATH, (req, res, next) => this.guard(req, res, next), server.getRouter());
  }

  private guard(req: Request, res: Response, next: NextFunction): void {
    const refuse = (err: unknown) => {
      const e =
        err instanceof DomainException
          ? err
          : new DomainException(ErrorCode.INTERNAL, '系统内部错误,请稍后重试或联系管理员');
      res.status(statusOf(e.code)).json({ code: e.code, message: e.message });
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      refuse(new DomainException(ErrorCode.FORBIDDEN, '任务队列看板为只读'));
      return;
    }
    this.session.verify(req.headers.cookie).then(() => {
      res.setHeader('Cache-Control', 'no-store');
      next();
    }, refuse);
  }
}
