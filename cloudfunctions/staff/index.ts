/** Cloud function `staff`: the grid workers' and admins' side (the staff tab). */
import { createMain, type Routes } from '../common/handler';
import { parseCursor, parseEmpty } from '../common/payloads';
import { parseItem, parseRequestAction, parseReveal, parseVerify, staffItem, staffRequestAction, staffReveal, staffVerify } from './items';
import { parseQueue, staffMe, staffQueue } from './queue';
import { parseHouseholdReport } from '../../src/domain/validation';
import {
  acceptInvite,
  createInvite,
  listStaff,
  parseAccept,
  parseInvite,
  parseListStaff,
  parsePlaces,
  parseUpdateStaff,
  staffPlaces,
  updateStaff,
} from './admin';
import { householdInvite, parseHouseholdInvite, parseResolveConflict, resolveConflict } from './conflicts';
import { proxyReport, staffBuildings } from './proxy';
import { assignees, parseAssignees, parseReassign, reassign } from './reassign';
import {
  acknowledge,
  endIsolation,
  extendIsolation,
  getIsolation,
  parseAcknowledge,
  parseEnd,
  parseExtend,
  parseIsolation,
  parseRoster,
  parseStart,
  roster,
  startIsolation,
} from './isolation';

export const routes: Routes = {
  me: { parse: parseEmpty, run: (ctx) => staffMe(ctx) },
  queue: { parse: parseQueue, run: staffQueue },
  item: { parse: parseItem, run: staffItem },
  reveal: { parse: parseReveal, run: staffReveal },
  verify: { parse: parseVerify, run: staffVerify },
  requestAction: { parse: parseRequestAction, run: staffRequestAction },
  assignees: { parse: parseAssignees, run: assignees },
  reassign: { parse: parseReassign, run: reassign },
  proxyReport: { parse: parseHouseholdReport, run: proxyReport },
  buildings: { parse: parseCursor, run: staffBuildings },
  places: { parse: parsePlaces, run: staffPlaces },
  createInvite: { parse: parseInvite, run: createInvite },
  acceptInvite: { parse: parseAccept, run: acceptInvite },
  listStaff: { parse: parseListStaff, run: listStaff },
  updateStaff: { parse: parseUpdateStaff, run: updateStaff },
  startIsolation: { parse: parseStart, run: startIsolation },
  extendIsolation: { parse: parseExtend, run: extendIsolation },
  endIsolation: { parse: parseEnd, run: endIsolation },
  roster: { parse: parseRoster, run: roster },
  isolation: { parse: parseIsolation, run: getIsolation },
  acknowledge: { parse: parseAcknowledge, run: acknowledge },
  resolveConflict: { parse: parseResolveConflict, run: resolveConflict },
  householdInvite: { parse: parseHouseholdInvite, run: householdInvite },
};

export const main = createMain('staff', routes);
