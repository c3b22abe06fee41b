import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import type { ReviewStage } from '../../generated/prisma/enums';
import { STAGE_LABEL } from './review-chain';

/** The errors of the closure review chain, with the message a liaison reads. */

/** The caller decided on a stage the request has left (or never reached): refresh and look again. */
export const reviewStageMoved = (current: ReviewStage | null, asked: ReviewStage) =>
  new DomainException(
    ErrorCode.REVIEW_STAGE_MOVED,
    current
      ? `该办结申请目前处于“${STAGE_LABEL[current]}”环节,不是“${STAGE_LABEL[asked]}”,请刷新后再处理`
      : '该办结申请已审核完毕,请刷新后查看结果',
    { field: 'stage', current, asked },
  );

/** The caller does not hold the step that waits (a refusal like any other: FORBIDDEN, 403). */
export const notReviewHolder = (stage: ReviewStage) =>
  new DomainException(
    ErrorCode.FORBIDDEN,
    stage === 'HEAD'
      ? '“部门负责人审核”须由牵头部门负责人(或其委托人)办理'
      : stage === 'OFFICE'
        ? '“督查室审核”须由督查室办理'
        : '“批示领导复核”须由作出批示的领导本人办理',
    { stage },
  );
