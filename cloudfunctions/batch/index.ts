/**
 * Cloud function `batch`: verification batches (核查批次) at the data desk — import an upper-level
 * list, map its columns, validate and dedupe its rows, place them by address, dispatch them to the
 * grids' queues (community admins and dispatchers: `asDispatcher`); the grid workers' passes and
 * outcomes on the rows; the progress of a batch; the return file (full values: admins only). Always
 * within the caller's scope.
 */
import { withHttpAccess } from '../common/httpAccess';
import { createMain, type Handlers } from '../common/handler';
import { fail } from '../common/errors';
import { asDispatcher, asStaff } from '../common/staffAccess';
import { dispatchBatch } from './dispatch';
import { confirmMapping, importStatus, runImport, uploadList } from './imports';
import { callRow, recordOutcome, recordPass } from './passes';
import { batchProgress, deskRow } from './progress';
import { returnFile } from './returnFile';
import { outcomeRows, passRows } from './together';
import { errorFile, fixRow, getBatch, listBatches, listRows, placeRow, stageRows, unplacedRows } from './rows';

export const handlers = {
  upload: asDispatcher(uploadList),
  confirmMapping: asDispatcher(confirmMapping),
  run: asDispatcher((ctx, input) => runImport(ctx, input)),
  importStatus: asDispatcher(importStatus),
  list: asDispatcher(listBatches),
  batch: asDispatcher(getBatch),
  rows: asDispatcher(listRows),
  unplaced: asDispatcher(unplacedRows),
  place: asDispatcher(placeRow),
  fixRow: asDispatcher(fixRow),
  errorFile: asDispatcher(errorFile),
  dispatch: asDispatcher(dispatchBatch),
  // the grid worker on a dispatched row (any staff whose scope covers the row's building)
  call: asStaff(callRow),
  pass: asStaff(recordPass),
  outcome: asStaff(recordOutcome),
  // a dashboard's per-pass number opened: the rows it counts, within the caller's scope
  stageRows: asStaff(stageRows),
  // a dispatcher's return file is masked: full values are an admin's export (with a reason, audited)
  returnFile: asDispatcher((ctx, input) => (input.full && ctx.access.staff.role !== 'admin' ? fail('FORBIDDEN', '完整信息导出仅限社区管理员') : returnFile(ctx, input))),
  progress: asDispatcher(batchProgress),
  row: asDispatcher(deskRow),
  // several rows of one household at once (each its own pass or outcome, refused row by row)
  passRows: asStaff(passRows),
  outcomeRows: asStaff(outcomeRows),
} satisfies Handlers<'batch'>;

export const main = withHttpAccess('batch', createMain('batch', handlers));
