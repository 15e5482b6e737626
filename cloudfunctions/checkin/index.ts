/** Cloud function `checkin`: residents' daily health check-ins (每日健康打卡). */
import { createMain, type Routes } from '../common/handler';
import { parseEmpty } from '../common/payloads';
import { checkinToday, parseCheckin, parseSubscribe, submitCheckin, subscribeReminders } from './checkin';

export const routes: Routes = {
  today: { parse: parseEmpty, run: (ctx) => checkinToday(ctx) },
  submit: { parse: parseCheckin, run: submitCheckin },
  subscribe: { parse: parseSubscribe, run: subscribeReminders },
};

export const main = createMain('checkin', routes);
