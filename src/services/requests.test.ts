/**
 * The status subscription: asked only on WeChat with a template id built in, and true only when the
 * resident accepted. The template id is read when the module loads, so each case loads it afresh.
 */
import type * as Requests from './requests';

type Answer = () => Promise<Record<string, string>>;

function loadWith(env: 'weapp' | 'h5', templateId: string | undefined, answer: Answer) {
  const g = globalThis as { REQUEST_TEMPLATE_ID?: string };
  if (templateId === undefined) delete g.REQUEST_TEMPLATE_ID;
  else g.REQUEST_TEMPLATE_ID = templateId;
  process.env.TARO_ENV = env;
  let mod: typeof Requests | undefined;
  const ask = jest.fn(answer);
  jest.isolateModules(() => {
    (jest.requireActual('@tarojs/taro') as { default: Record<string, unknown> }).default.requestSubscribeMessage = ask;
    mod = jest.requireActual<typeof Requests>('./requests');
  });
  return { ask, askStatusSubscription: mod!.askStatusSubscription };
}

describe('status subscription', () => {
  const env = process.env.TARO_ENV;
  afterEach(() => {
    process.env.TARO_ENV = env;
    delete (globalThis as { REQUEST_TEMPLATE_ID?: string }).REQUEST_TEMPLATE_ID;
  });

  it('is true when the resident accepts the template', async () => {
    const { ask, askStatusSubscription } = loadWith('weapp', 'tmpl-1', async () => ({
      errMsg: 'requestSubscribeMessage:ok',
      'tmpl-1': 'accept',
    }));
    await expect(askStatusSubscription()).resolves.toBe(true);
    expect(ask).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tmpl-1'] }));
  });

  it('is false when refused or when the prompt fails', async () => {
    const refused = loadWith('weapp', 'tmpl-1', async () => ({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-1': 'reject' }));
    await expect(refused.askStatusSubscription()).resolves.toBe(false);
    const failed = loadWith('weapp', 'tmpl-1', () => Promise.reject(new Error('can only be invoked by user TAP gesture')));
    await expect(failed.askStatusSubscription()).resolves.toBe(false);
  });

  it('does not ask without a template id, or off WeChat', async () => {
    const noTemplate = loadWith('weapp', undefined, async () => ({}));
    await expect(noTemplate.askStatusSubscription()).resolves.toBe(false);
    expect(noTemplate.ask).not.toHaveBeenCalled();
    const h5 = loadWith('h5', 'tmpl-1', async () => ({}));
    await expect(h5.askStatusSubscription()).resolves.toBe(false);
    expect(h5.ask).not.toHaveBeenCalled();
  });
});
