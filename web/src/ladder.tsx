import { LEVEL } from './labels';
import type { EscalationLevel } from './types';
import { Badge } from './ui';

/**
 * A task's place on the ladder, as the board shows it: the highest step for the current deadline
 * (or, before the deadline, the lagging warning), the yellow/red card and the notice number.
 */
export function LadderLevel({
  level,
  card,
  noticeNo,
  none = '未启动',
}: {
  level: EscalationLevel | null;
  card: 'YELLOW' | 'RED' | null;
  noticeNo: string | null;
  none?: string;
}) {
  const tone = card === 'RED' ? 'red' : card === 'YELLOW' ? 'yellow' : 'grey';
  const shown: EscalationLevel | null = level ?? (card === 'YELLOW' ? 'LAGGING' : null);
  return (
    <>
      {shown ? <Badge tone={tone}>{LEVEL[shown]}</Badge> : none}
      {card && <span class="card-flag">{card === 'RED' ? ' 红牌' : ' 黄牌'}</span>}
      {noticeNo && <span class="notice-no"> {noticeNo}</span>}
    </>
  );
}

export const rowTone = (card: 'YELLOW' | 'RED' | null): string =>
  card === 'RED' ? 'row-red' : card === 'YELLOW' ? 'row-yellow' : '';
