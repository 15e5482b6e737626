/** Cloud function `staff`: the grid workers' and admins' side (the staff tab). */
import { createMain, type Routes } from '../common/handler';
import { parseEmpty } from '../common/payloads';
import { parseItem, parseRequestAction, parseReveal, parseVerify, staffItem, staffRequestAction, staffReveal, staffVerify } from './items';
import { parseQueue, staffMe, staffQueue } from './queue';

export const routes: Routes = {
  me: { parse: parseEmpty, run: (ctx) => staffMe(ctx) },
  queue: { parse: parseQueue, run: staffQueue },
  item: { parse: parseItem, run: staffItem },
  reveal: { parse: parseReveal, run: staffReveal },
  verify: { parse: parseVerify, run: staffVerify },
  requestAction: { parse: parseRequestAction, run: staffRequestAction },
};

export const main = createMain('staff', routes);
