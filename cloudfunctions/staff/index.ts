/** Cloud function `staff`: the grid workers' and admins' side (the staff tab). */
import { createMain, type Routes } from '../common/handler';
import { parseEmpty } from '../common/payloads';
import { parseQueue, staffMe, staffQueue } from './queue';

export const routes: Routes = {
  me: { parse: parseEmpty, run: (ctx) => staffMe(ctx) },
  queue: { parse: parseQueue, run: staffQueue },
};

export const main = createMain('staff', routes);
