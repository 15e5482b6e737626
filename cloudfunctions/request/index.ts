/** Cloud function `request`: residents' requests for supplies, medicine and medical transport. */
import { parseRequestInput } from '../../src/domain/requests';
import { createMain, type Routes } from '../common/handler';
import { parseCursor } from '../common/payloads';
import { createRequest } from './create';
import { cancelRequest, myRequests, parseCancel, parseDetail, requestDetail } from './mine';

export const routes: Routes = {
  create: { parse: parseRequestInput, run: createRequest },
  mine: { parse: parseCursor, run: myRequests },
  detail: { parse: parseDetail, run: requestDetail },
  cancel: { parse: parseCancel, run: cancelRequest },
};

export const main = createMain('request', routes);
