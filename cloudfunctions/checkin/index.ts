/** Cloud function `checkin`: residents' daily health check-ins (每日健康打卡). */
import { withHttpAccess } from '../common/httpAccess';
import { createMain, type Handlers } from '../common/handler';
import { checkinToday, submitCheckin, subscribeReminders } from './checkin';

export const handlers = {
  today: (ctx) => checkinToday(ctx),
  submit: submitCheckin,
  subscribe: subscribeReminders,
} satisfies Handlers<'checkin'>;

export const main = withHttpAccess('checkin', createMain('checkin', handlers));
