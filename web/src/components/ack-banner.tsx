import { get } from '../api';
import type { AckBoard } from '../types';
import { useLoad } from '../ui';

/**
 * On the board: work a department returned (退回) is not being done until the office decides, and
 * work left unacknowledged past its deadline; both link to 签收情况.
 */
export function AckBanner() {
  const { data } = useLoad(() => get<AckBoard>('/supervision/acknowledgements'));
  if (!data || data.returned.length + data.overdue.length === 0) return null;
  return (
    <p class="alert warning" role="note">
      {data.returned.length > 0 &&
        `${data.returned.length} 项任务被退回,暂无部门办理,待督查室处理;`}
      {data.overdue.length > 0 && `${data.overdue.length} 项交办逾期未签收。`}
      <a href="#/acknowledgements">查看签收情况</a>
    </p>
  );
}
