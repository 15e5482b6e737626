/**
 * Cloud function `hierarchy`: a community admin's places — the tree (create, rename, reorder,
 * retire, building units), community settings, the tree import, and re-gridding jobs. Every action
 * is for an active admin, on places under their own scope.
 */
import { withHttpAccess } from '../common/httpAccess';
import { createMain, type Handlers } from '../common/handler';
import { asAdmin } from '../common/staffAccess';
import { importApply, importPreview, importTemplate } from './import';
import { jobStatus, runJobAction, splitGrid, startMove } from './regrid';
import { communitySettings, updateCommunitySettings } from './settings';
import { children, createPlace, renamePlace, reorderChildren, retirePlace, setUnits } from './tree';

export const handlers = {
  children: asAdmin(children),
  create: asAdmin(createPlace),
  rename: asAdmin(renamePlace),
  reorder: asAdmin(reorderChildren),
  retire: asAdmin(retirePlace),
  setUnits: asAdmin(setUnits),
  settings: asAdmin(communitySettings),
  updateSettings: asAdmin(updateCommunitySettings),
  importTemplate: asAdmin(importTemplate),
  importPreview: asAdmin(importPreview),
  importApply: asAdmin(importApply),
  move: asAdmin(startMove),
  split: asAdmin(splitGrid),
  job: asAdmin(jobStatus),
  runJob: asAdmin(runJobAction),
} satisfies Handlers<'hierarchy'>;

export const main = withHttpAccess('hierarchy', createMain('hierarchy', handlers));
