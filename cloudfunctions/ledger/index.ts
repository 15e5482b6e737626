/**
 * Cloud function `ledger`: the ledger export (一户一账 / 一人一档) to the upper-level 直报 system —
 * column profiles (admins define them), export jobs (staff, within their scope), masked unless a
 * full export is asked for with a reason (audited).
 */
import { asAdmin, asStaff } from '../common/staffAccess';
import { withHttpAccess } from '../common/httpAccess';
import { createMain, type Handlers } from '../common/handler';
import { jobView, listJobs, startExport, stepExport } from './jobs';
import { deleteProfile, listProfiles, saveProfile, templateProfile } from './profiles';

export const handlers = {
  profiles: asStaff(listProfiles),
  saveProfile: asAdmin(saveProfile),
  deleteProfile: asAdmin(deleteProfile),
  templateProfile: asAdmin(templateProfile),
  start: asStaff(startExport),
  step: asStaff(stepExport),
  job: asStaff(jobView),
  jobs: asStaff(listJobs),
} satisfies Handlers<'ledger'>;

export const main = withHttpAccess('ledger', createMain('ledger', handlers));
