import { notFound, OutOfScope } from '../../common/errors/domain.exception';

/** No such assignment notice. */
export const noticeNotFound = () => notFound('该交办通知');

/** An assignment notice of a department out of the caller's scope: answered as missing. */
export const noticeOutOfScope = () => new OutOfScope('该交办通知');

/** The task has no numbered supervision notice (督办单) yet. */
export const noSupervisionNotice = () => notFound('该任务的督办单');
