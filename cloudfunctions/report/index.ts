/** Cloud function `report`: a resident's household reports (报备). */
import { parseHouseholdReport } from '../../src/domain/validation';
import { createMain, type Routes } from '../common/handler';
import { parseCursor, parseEmpty } from '../common/payloads';
import { acceptFamilyInvite, createFamilyInvite, parseAcceptFamilyInvite } from './family';
import { myHousehold, myReports } from './mine';
import { submitReport } from './submit';

export const routes: Routes = {
  submit: { parse: parseHouseholdReport, run: submitReport },
  myHousehold: { parse: parseEmpty, run: (ctx) => myHousehold(ctx) },
  myReports: { parse: parseCursor, run: myReports },
  createFamilyInvite: { parse: parseEmpty, run: (ctx) => createFamilyInvite(ctx) },
  acceptFamilyInvite: { parse: parseAcceptFamilyInvite, run: acceptFamilyInvite },
};

export const main = createMain('report', routes);
