/**
 * The document worker process (see infra/worker-pool): reads uploaded plan files, checks evidence
 * files and reads filled work-item templates off the main thread, under the pool's heap and time
 * limits. Its context is the DocumentCaps every job is held to.
 */
import { serveJobs } from './infra/worker-pool/worker-protocol';
import { PLAN_READ_JOB, readPlanJob } from './modules/plans/import/plan-read.job';
import { checkEvidenceJob, EVIDENCE_CHECK_JOB } from './modules/requests/evidence-check';
import { readWorkSheetJob, WORK_SHEET_READ_JOB } from './modules/work-items/work-sheet.job';

serveJobs({
  [PLAN_READ_JOB]: readPlanJob,
  [EVIDENCE_CHECK_JOB]: checkEvidenceJob,
  [WORK_SHEET_READ_JOB]: readWorkSheetJob,
});
