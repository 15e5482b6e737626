/**
 * Cloud function `batch`: verification batches (核查批次) at the data desk — import an upper-level
 * list, map its columns, validate and dedupe its rows, place them by address, dispatch them to the
 * grids' queues (community admins: the dispatchers of the desk); the grid workers' passes and
 * outcomes on the rows; the return file. Always within the caller's scope.
 */
import { withHttpAccess } from '../common/httpAccess';
import { createMain, type Handlers } from '../common/handler';
import { asAdmin, asStaff } from '../common/staffAccess';
import { dispatchBatch } from './dispatch';
import { confirmMapping, importStatus, runImport, uploadList } from './imports';
import { callRow, recordOutcome, recordPass } from './passes';
import { returnFile } from './returnFile';
import { errorFile, fixRow, getBatch, listBatches, listRows, placeRow, unplacedRows } from './rows';

export const handlers = {
  upload: asAdmin(uploadList),
  confirmMapping: asAdmin(confirmMapping),
  run: asAdmin((ctx, input) => runImport(ctx, input)),
  importStatus: asAdmin(importStatus),
  list: asAdmin(listBatches),
  batch: asAdmin(getBatch),
  rows: asAdmin(listRows),
  unplaced: asAdmin(unplacedRows),
  place: asAdmin(placeRow),
  fixRow: asAdmin(fixRow),
  errorFile: asAdmin(errorFile),
  dispatch: asAdmin(dispatchBatch),
  // the grid worker on a dispatched row (any staff whose scope covers the row's building)
  call: asStaff(callRow),
  pass: asStaff(recordPass),
  outcome: asStaff(recordOutcome),
  returnFile: asAdmin(returnFile),
} satisfies Handlers<'batch'>;

export const main = withHttpAccess('batch', createMain('batch', handlers));
