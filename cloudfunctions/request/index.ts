/** Cloud function `request`: residents' requests for supplies, medicine and medical transport. */
import { createMain, type Handlers } from '../common/handler';
import { createRequest } from './create';
import { cancelRequest, myRequests, requestDetail } from './mine';

export const handlers = {
  create: createRequest,
  mine: myRequests,
  detail: requestDetail,
  cancel: cancelRequest,
} satisfies Handlers<'request'>;

export const main = createMain('request', handlers);
