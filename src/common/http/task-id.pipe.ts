import { ParseUUIDPipe } from '@nestjs/common';
import { DomainException } from '../errors/domain.exception';
import { ErrorCode } from '../errors/error-codes';

/** `:id` of a task must be a UUID: anything else is a 400 VALIDATION_FAILED a liaison can read. */
export const TaskIdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainException(ErrorCode.VALIDATION_FAILED, '任务编号格式不正确', [
      { field: 'id', reason: '格式不正确', constraint: 'isUUID' },
    ]),
});
