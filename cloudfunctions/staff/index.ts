/**
 * Cloud function `staff`: the grid workers' and admins' side (the staff tab). `asStaff` / `asAdmin`
 * read the caller's staff record and scope once per call, before the use case runs.
 */
import { asAdmin, asStaff } from '../common/staffAccess';
import { withHttpAccess } from '../common/httpAccess';
import { createMain, type Handlers } from '../common/handler';
import { acceptInvite, createInvite, listStaff, staffPlaces, updateStaff } from './admin';
import { householdInvite, resolveConflict } from './conflicts';
import { acknowledge, endIsolation, extendIsolation, getIsolation, roster, startIsolation, startIsolations } from './isolation';
import { staffCall, staffItem, staffRequestAction, staffReveal, staffVerify, staffVerifyMany } from './items';
import { proxyReport, staffBuildings } from './proxy';
import { staffMe, staffQueue } from './queue';
import { assignees, reassign } from './reassign';

export const handlers = {
  // anyone signed in: null for a resident (the first admin is created here from configuration)
  me: (ctx) => staffMe(ctx),
  queue: asStaff(staffQueue),
  item: asStaff(staffItem),
  reveal: asStaff(staffReveal),
  call: asStaff(staffCall),
  verify: asStaff(staffVerify),
  verifyMany: asStaff(staffVerifyMany),
  requestAction: asStaff(staffRequestAction),
  assignees: asStaff(assignees),
  reassign: asStaff(reassign),
  proxyReport: asStaff(proxyReport),
  buildings: asStaff(staffBuildings),
  places: asStaff(staffPlaces),
  createInvite: asAdmin(createInvite),
  // anyone signed in: binds the caller's WeChat identity to the invite
  acceptInvite,
  listStaff: asAdmin(listStaff),
  updateStaff: asAdmin(updateStaff),
  startIsolation: asStaff(startIsolation),
  startIsolations: asStaff(startIsolations),
  extendIsolation: asStaff(extendIsolation),
  endIsolation: asStaff(endIsolation),
  roster: asStaff(roster),
  isolation: asStaff(getIsolation),
  acknowledge: asStaff(acknowledge),
  resolveConflict: asStaff(resolveConflict),
  householdInvite: asStaff(householdInvite),
} satisfies Handlers<'staff'>;

export const main = withHttpAccess('staff', createMain('staff', handlers));
