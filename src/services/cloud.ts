/**
 * The one client wrapper around the cloud functions. On WeChat it calls the function through the
 * platform (which attaches the caller's identity); elsewhere it posts to the local cloud with the
 * session token. It never throws: every outcome is a `Result` envelope.
 */
import Taro from '@tarojs/taro';
import { ErrorCodes, type ActionName, type DataOf, type Err, type FunctionName, type PayloadOf, type Result } from '../domain';
import { apiUrl, clearSession, getSession, goToDeskSignIn, goToLogin } from './session';

export const NETWORK_ERROR: Err = { ok: false, code: 'NETWORK', message: '网络异常，请检查网络后重试' };
const INTERNAL_ERROR: Err = { ok: false, code: 'INTERNAL', message: ErrorCodes.INTERNAL };
const LOGIN_REQUIRED: Err = { ok: false, code: 'UNAUTHENTICATED', message: '请先登录' };
const REQUEST_TIMEOUT_MS = 15000;

function isEnvelope<T>(value: unknown): value is Result<T> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; code?: unknown; message?: unknown };
  return v.ok === true ? 'data' in v : v.ok === false && typeof v.code === 'string' && typeof v.message === 'string';
}

/** Platform errors that mean the function ran and failed, as opposed to the network failing. */
const FUNCTION_FAILURE = /-404011|-504002|execute fail|FUNCTIONS_EXECUTE_FAIL/i;

async function callWeapp<T>(name: string, data: unknown): Promise<Result<T>> {
  try {
    const res = await Taro.cloud.callFunction({ name, data: data as Record<string, unknown> });
    return isEnvelope<T>(res.result) ? res.result : INTERNAL_ERROR;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String((e as { errMsg?: unknown } | null)?.errMsg ?? '');
    return FUNCTION_FAILURE.test(detail) ? INTERNAL_ERROR : NETWORK_ERROR;
  }
}

async function callLocal<T>(name: string, data: unknown): Promise<Result<T>> {
  const session = getSession();
  if (!session) {
    goToLogin();
    return LOGIN_REQUIRED;
  }
  try {
    const res = await Taro.request<unknown>({
      url: apiUrl(`/api/functions/${name}`),
      method: 'POST',
      data: data as Record<string, unknown>,
      header: { 'content-type': 'application/json', Authorization: `Bearer ${session.token}` },
      timeout: REQUEST_TIMEOUT_MS,
    });
    if (res.statusCode === 401) {
      clearSession();
      // a desk session ended on the phone: the desk shows its QR code again
      if (session.kind === 'desk') goToDeskSignIn();
      else goToLogin();
      return isEnvelope<T>(res.data) ? res.data : LOGIN_REQUIRED;
    }
    return isEnvelope<T>(res.data) ? res.data : INTERNAL_ERROR;
  } catch {
    return NETWORK_ERROR;
  }
}

export function callCloud<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  payload: PayloadOf<F, A>,
): Promise<Result<DataOf<F, A>>> {
  const event = { action, payload };
  // read at call time (not module load) so tests can switch platforms
  return process.env.TARO_ENV === 'weapp' ? callWeapp<DataOf<F, A>>(name, event) : callLocal<DataOf<F, A>>(name, event);
}

/** A file chosen on the device: a temp path on WeChat, a blob URL in the H5 build. */
export interface LocalFile {
  path: string;
  size: number;
}

/**
 * Uploads a file to the cloud path a function handed out (`file.prepareUpload`) through the
 * platform: WeChat only. The H5 build (the desk console) uploads in chunks through the `file`
 * function instead (services/files.ts), as it must on CloudBase. Answers the file id.
 */
export async function uploadToCloud(cloudPath: string, file: LocalFile): Promise<Result<{ fileId: string }>> {
  try {
    const res = await Taro.cloud.uploadFile({ cloudPath, filePath: file.path });
    return res.fileID ? { ok: true, data: { fileId: res.fileID } } : { ok: false, code: 'FILE_NOT_UPLOADED', message: ErrorCodes.FILE_NOT_UPLOADED };
  } catch {
    return NETWORK_ERROR;
  }
}
