/** The resident's requests (求助): filing, listing, detail, cancelling, and the WeChat status subscription. */
import Taro from '@tarojs/taro';
import { type Page, type RequestInput, type RequestView, type Result } from '../domain';
import { callCloud } from './cloud';

/**
 * Build constant (config defineConstants) naming the subscribe-message template for status changes.
 * Declared here as well as globally so this module compiles before the constant exists; `typeof`
 * keeps builds and jest without it from throwing.
 */
declare const REQUEST_TEMPLATE_ID: string | undefined;
export const REQUEST_STATUS_TEMPLATE_ID: string = typeof REQUEST_TEMPLATE_ID === 'string' ? REQUEST_TEMPLATE_ID : '';

export function createRequest(input: RequestInput): Promise<Result<RequestView & { replayed: boolean }>> {
  return callCloud('request', 'create', input);
}

export function getMyRequests(cursor: string | null): Promise<Result<Page<RequestView>>> {
  return callCloud('request', 'mine', { cursor });
}

export function getRequest(requestId: string): Promise<Result<RequestView>> {
  return callCloud('request', 'detail', { requestId });
}

export function cancelRequest(requestId: string, note: string): Promise<Result<RequestView>> {
  const trimmed = note.trim();
  return callCloud('request', 'cancel', trimmed ? { requestId, note: trimmed } : { requestId });
}

/**
 * Asks the resident (WeChat only) to receive a message when the request's status changes; true only
 * when they accepted. WeChat allows this prompt only from a tap: call it first thing in the tap
 * handler, before any `await`.
 */
export async function askStatusSubscription(): Promise<boolean> {
  const templateId = REQUEST_STATUS_TEMPLATE_ID;
  if (process.env.TARO_ENV !== 'weapp' || !templateId) return false;
  try {
    const res: unknown = await Taro.requestSubscribeMessage({ tmplIds: [templateId], entityIds: [] });
    // the answer is keyed by template id: 'accept' | 'reject' | 'ban' | 'filter'
    return (res as Record<string, unknown>)[templateId] === 'accept';
  } catch {
    // refused, banned in settings, or an old client: file without messages
    return false;
  }
}
