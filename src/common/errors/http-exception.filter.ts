import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  Optional,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccessDenialRecorder } from './access-denial-recorder';
import { isDatabaseUnavailable } from './database-unavailable';
import { DomainException, OutOfScope } from './domain.exception';
import { ErrorBody, ErrorCode } from './error-codes';
import { statusOf } from './error-status';

const BY_STATUS: Partial<Record<number, { code: ErrorCode; message: string }>> = {
  400: { code: ErrorCode.VALIDATION_FAILED, message: '请求格式不正确' },
  401: { code: ErrorCode.UNAUTHENTICATED, message: '请先登录' },
  403: { code: ErrorCode.FORBIDDEN, message: '您无权访问该内容' },
  404: { code: ErrorCode.NOT_FOUND, message: '请求的内容不存在' },
  409: { code: ErrorCode.CONFLICT, message: '数据已被他人修改,请刷新后重试' },
  413: {
    code: ErrorCode.PAYLOAD_TOO_LARGE,
    message: '提交的内容过大:上传的文件不能超过 20 MB,其他请求不能超过 2 MB',
  },
  429: { code: ErrorCode.TOO_MANY_REQUESTS, message: '操作过于频繁,请稍后再试' },
};

/**
 * Maps every error to `{ code, message, details }`; internals never reach the client. Every 403
 * (roles guard, access policy, services), and every 404 that hides a resource out of the caller's
 * scope (OutOfScope), is recorded as an `access.denied` audit event here, the one place that sees
 * them all, before the response is sent.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(@Optional() private readonly denials?: AccessDenialRecorder) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const [status, body] = this.toBody(exception);
    if (body.code === ErrorCode.DATABASE_UNAVAILABLE) {
      this.logger.warn(
        `${http.getRequest<Request>().method} ${http.getRequest<Request>().url}: ${body.message}`,
      );
    } else if (status >= 500 && body.code !== ErrorCode.SERVICE_UNAVAILABLE) {
      this.logger.error(exception);
    }
    const refused = status === HttpStatus.FORBIDDEN || exception instanceof OutOfScope;
    if (refused && this.denials && host.getType() === 'http') {
      this.denials
        .record(
          http.getRequest<Request>(),
          exception instanceof OutOfScope ? `超出权限范围:${body.message}` : body.message,
        )
        .catch((e: unknown) => this.logger.error(e, 'access.denied could not be audited'))
        .finally(() => {
          if (!res.headersSent) res.status(status).json(body);
        });
      return;
    }
    res.status(status).json(body);
  }

  private toBody(exception: unknown): [number, ErrorBody] {
    if (exception instanceof DomainException) {
      return [
        statusOf(exception.code),
        { code: exception.code, message: exception.message, details: exception.details },
      ];
    }
    if (isDatabaseUnavailable(exception)) {
      return [
        HttpStatus.SERVICE_UNAVAILABLE,
        {
          code: ErrorCode.DATABASE_UNAVAILABLE,
          message: '数据库暂时无法连接,本次操作未能完成,请稍后重试',
        },
      ];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === HttpStatus.SERVICE_UNAVAILABLE) {
        // The health check's 503 keeps its result (which dependency is down) as details.
        return [
          status,
          {
            code: ErrorCode.SERVICE_UNAVAILABLE,
            message: '服务暂时不可用:数据库或消息队列无法连接',
            details: exception.getResponse(),
          },
        ];
      }
      const known = BY_STATUS[status];
      if (known) return [status, { code: known.code, message: known.message }];
      return [status, { code: `HTTP_${status}`, message: exception.message }];
    }
    // body-parser errors carry a status (e.g. 413, 400 for malformed JSON).
    const status = (exception as { status?: number })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const known = BY_STATUS[status] ?? BY_STATUS[400]!;
      return [status, { code: known.code, message: known.message }];
    }
    return [
      HttpStatus.INTERNAL_SERVER_ERROR,
      { code: ErrorCode.INTERNAL, message: '系统内部错误,请稍后重试或联系管理员' },
    ];
  }
}
