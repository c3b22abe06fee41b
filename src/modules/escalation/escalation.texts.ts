/**
 * Texts of the ladder that are not a template's: the notices themselves are rendered by the
 * notification templates (urging-notice, supervision-notice, red-card, lagging-warning).
 */

/** Why a red card for a lead department without a responsible leader (分管领导) reached nobody. */
export const noResponsibleLeader = (departmentName: string): string =>
  `无收件人:${departmentName}尚未设置分管领导`;
