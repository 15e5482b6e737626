/** Cloud function `report`: a resident's household reports (报备) and family invites. */
import { createMain, type Handlers } from '../common/handler';
import { acceptFamilyInvite, createFamilyInvite } from './family';
import { myHousehold, myReports } from './mine';
import { submitReport } from '../shared/householdFiling';

export const handlers = {
  submit: submitReport,
  myHousehold: (ctx) => myHousehold(ctx),
  myReports,
  createFamilyInvite: (ctx) => createFamilyInvite(ctx),
  acceptFamilyInvite,
} satisfies Handlers<'report'>;

export const main = createMain('report', handlers);
