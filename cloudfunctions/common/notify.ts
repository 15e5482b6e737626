/**
 * The notification port. Every message is first written to the `notifications` outbox (durable,
 * readable by the developer and by audits); on WeChat it is then delivered as a subscribe message
 * (`cloud.openapi.subscribeMessage.send`, template ids from the environment). Locally the outbox
 * is the delivery.
 */
import { Collections } from './collections';
import { getCloud, type Database } from './cloud';
import { isDuplicateKeyError } from './errors';

export const NotificationTemplates = {
  /** to a resident: their request was accepted, done or rejected */
  requestStatus: 'GRIDLINK_TPL_REQUEST_STATUS',
  /** to a grid worker: an urgent or emergency request arrived */
  requestAlert: 'GRIDLINK_TPL_REQUEST_ALERT',
  /** to a resident: a check-in slot closes soon and someone has not checked in */
  checkinReminder: 'GRIDLINK_TPL_CHECKIN_REMINDER',
  /** to a staff member: a colleague handed them a queue item */
  itemAssigned: 'GRIDLINK_TPL_ITEM_ASSIGNED',
} as const;
export type NotificationTemplate = keyof typeof NotificationTemplates;

export interface Notification {
  /** stable key: the same event never notifies the same person twice */
  key: string;
  toOpenid: string;
  template: NotificationTemplate;
  /** mini-program page the message opens */
  page: string;
  /** template fields, already short and masked */
  data: Record<string, string>;
}

export type DeliveryStatus = 'outbox' | 'sent' | 'failed' | 'no_template';

export interface NotificationDoc extends Omit<Notification, 'key'> {
  _id: string;
  status: DeliveryStatus;
  error?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** CloudBase sets this in deployed functions; the local cloud does not. */
function onWeChat(): boolean {
  return process.env.TENCENTCLOUD_RUNENV === 'SCF';
}

export async function notify(db: Database, n: Notification, now: Date): Promise<void> {
  const _id = `n_${n.key}_${n.toOpenid}`.slice(0, 120);
  const doc: NotificationDoc = {
    _id,
    toOpenid: n.toOpenid,
    template: n.template,
    page: n.page,
    data: n.data,
    status: 'outbox',
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.collection(Collections.notifications).add({ data: doc });
  } catch (e) {
    if (isDuplicateKeyError(e)) return; // already notified for this event
    throw e;
  }
  if (!onWeChat()) return;
  const templateId = process.env[NotificationTemplates[n.template]];
  let status: DeliveryStatus = 'no_template';
  let error: string | undefined;
  if (templateId) {
    try {
      await getCloud().openapi.subscribeMessage.send({
        touser: n.toOpenid,
        templateId,
        page: n.page,
        data: Object.fromEntries(Object.entries(n.data).map(([k, value]) => [k, { value }])),
      });
      status = 'sent';
    } catch (e) {
      // The resident may not have subscribed (or used up) this template: recorded, never fatal.
      status = 'failed';
      error = e instanceof Error ? e.message.slice(0, 200) : String(e).slice(0, 200);
    }
  }
  await db
    .collection(Collections.notifications)
    .doc(_id)
    .update({ data: { status, ...(error ? { error } : {}), updatedAt: new Date() } });
}
