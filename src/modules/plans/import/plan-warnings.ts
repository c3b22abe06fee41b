/** Warning texts (Chinese) that both the prose and the table reader give, worded once. */
export const WARNING = {
  /** A phrase that looks like a time limit but no rule could date; `cell` names the table cell. */
  unreadDeadline: (no: number, phrase: string, cell = '') =>
    `第${no}项${cell}中的“${phrase}”像是时限要求，但未能识别出具体日期，请人工核对。`,
  duplicateNumber: (no: number) => `编号重复：第${no}项出现了不止一次。`,
} as const;
