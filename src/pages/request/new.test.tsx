import '@testing-library/jest-dom';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { shanghaiDateString, type HouseholdView, type RequestInput, type RequestView, type Result } from '../../domain';
import { ok, stubCloud, type CloudCall } from '../../test/cloudStub';
import { householdView } from '../../test/fixtures';
import { chooseImage, lastNavigation, recorded, resetTaro } from '../../test/taroMock';
import { uploadToCloud } from '../../services/cloud';
import RequestFormPage from './new';
import { requestView } from './testFixtures';

jest.mock('../../services/cloud', () => ({ callCloud: jest.fn(), uploadToCloud: jest.fn() }));
const uploads = uploadToCloud as jest.Mock;
// the resident's photo goes up the mini-program's way (prepare → the platform's upload → check); the
// H5 build's chunked path through the file function is tested in cloudfunctions/file and the e2e tests
const taroEnv = process.env.TARO_ENV;
beforeAll(() => {
  process.env.TARO_ENV = 'weapp';
});
afterAll(() => {
  // process.env turns an undefined value into the string 'undefined'
  if (taroEnv === undefined) Reflect.deleteProperty(process.env, 'TARO_ENV');
  else process.env.TARO_ENV = taroEnv;
});

type CreateHandler = (input: RequestInput) => Result<RequestView & { replayed: boolean }>;

const filed: CreateHandler = (input) =>
  ok({ ...requestView(0, { details: input.details, urgency: input.urgency }), requestId: 'rq_new', replayed: false });

async function openForm(kind: string, options: { household?: HouseholdView | null; create?: CreateHandler } = {}): Promise<CloudCall[]> {
  resetTaro({ kind });
  const calls = stubCloud({
    'report.myHousehold': () => ok(options.household === undefined ? householdView() : options.household),
    'request.create': options.create ?? filed,
    'file.prepareUpload': () => ok({ cloudPath: 'uploads/prescription/abc/20261202/x.jpg', maxBytes: 8 * 1024 * 1024 }),
    'file.check': (p: { fileId: string }) =>
      p.fileId.endsWith('bad.jpg')
        ? { ok: false, code: 'FILE_TYPE_NOT_ALLOWED', message: '处方照片只能是JPG 图片、PNG 图片、WEBP 图片，这个文件不是' }
        : ok({ fileId: p.fileId, kind: 'jpeg', size: 1000 }),
  });
  render(<RequestFormPage />);
  await screen.findByText(options.household === null ? '去报备' : '为谁求助');
  return calls;
}

const creates = (calls: CloudCall[]) => calls.filter((c) => c.action === 'create').map((c) => c.payload as RequestInput);
const type = (placeholder: string, value: string, nth = 0) =>
  fireEvent.change(screen.getAllByPlaceholderText(placeholder)[nth], { target: { value } });
const tap = (text: string) => fireEvent.click(screen.getByText(text));
const press = (name: string) => fireEvent.click(screen.getByRole('button', { name }));
const fieldOf = (label: string, nth = 0) => screen.getAllByText(label, { selector: '.field__label' })[nth].closest('.field') as HTMLElement;
/** lets the tap's awaited calls (subscription, cloud) settle */
const flush = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
const DAY_MS = 86_400_000;

describe('request form', () => {
  it('refuses an empty item list with the Chinese message, and sends nothing', async () => {
    const calls = await openForm('supplies');
    press('删除');
    press('提交求助');
    expect(await screen.findByText('请至少填写一件物品')).toBeInTheDocument();
    expect(screen.getByText('请按红色提示修改后再提交')).toBeInTheDocument();
    expect(creates(calls)).toHaveLength(0);

    // adding a row clears the message
    press('添加物品');
    expect(screen.queryByText('请至少填写一件物品')).not.toBeInTheDocument();
  });

  it('treats blank rows as no items, and names a missing name on its own row', async () => {
    const calls = await openForm('supplies');
    press('提交求助');
    expect(await screen.findByText('请至少填写一件物品')).toBeInTheDocument();

    type('如：大米、鸡蛋、尿不湿', '大米');
    press('添加物品');
    type('如：袋', '箱', 1);
    press('提交求助');
    const message = await screen.findByText('请填写物品名称');
    expect(message.closest('.field')).toContainElement(screen.getAllByPlaceholderText('如：大米、鸡蛋、尿不湿')[1]);
    expect(creates(calls)).toHaveLength(0);
  });

  it('files supplies for the person chosen, with quantities from the stepper, then opens the detail', async () => {
    const calls = await openForm('supplies');
    tap('张小宝（子女）');
    type('如：大米、鸡蛋、尿不湿', '大米');
    tap('＋');
    tap('＋');
    type('如：袋', '袋');
    press('添加物品');
    type('如：大米、鸡蛋、尿不湿', '鸡蛋', 1);
    type('其他需要说明的情况（可不填）', '放门口即可');
    press('提交求助');
    await flush();

    const [input] = creates(calls);
    expect(input).toMatchObject({
      personId: 'p-1',
      urgency: 'normal',
      note: '放门口即可',
      details: {
        kind: 'supplies',
        items: [
          { name: '大米', quantity: 3, unit: '袋' },
          { name: '鸡蛋', quantity: 1 },
        ],
      },
    });
    expect(input.clientRequestId).toMatch(/^[A-Za-z0-9]{32}$/);
    // H5 and jest have no subscription prompt
    expect(input.subscribed).toBeUndefined();
    expect(lastNavigation()).toEqual({ kind: 'redirectTo', url: '/pages/request/detail?id=rq_new' });
  });

  it('offers 120 first in an emergency, then calls and files the request', async () => {
    const calls = await openForm('other');
    tap('危急');
    expect(screen.getByText('危急：网格员将在10分钟内响应。有生命危险请先拨打120')).toBeInTheDocument();
    type('请简要说明您遇到的困难', '老人摔倒，无法起身');
    press('提交求助');

    const sheet = (await screen.findByText('危急情况请先拨打120')).closest('.sheet') as HTMLElement;
    expect(creates(calls)).toHaveLength(0);
    fireEvent.click(within(sheet).getByRole('button', { name: '拨打120并提交求助' }));
    await flush();

    expect(recorded.phoneCalls).toEqual(['120']);
    expect(creates(calls)).toEqual([
      expect.objectContaining({ urgency: 'emergency', details: { kind: 'other', description: '老人摔倒，无法起身' } }),
    ]);
    expect(lastNavigation()).toEqual({ kind: 'redirectTo', url: '/pages/request/detail?id=rq_new' });
  });

  it('files an emergency without the call when the resident says so, and files nothing on 返回修改', async () => {
    const calls = await openForm('medicine');
    tap('危急');
    type('如：硝苯地平缓释片', '硝酸甘油');
    type('如：2盒', '1瓶');
    press('提交求助');
    press('返回修改');
    expect(screen.queryByText('危急情况请先拨打120')).not.toBeInTheDocument();
    expect(creates(calls)).toHaveLength(0);

    press('提交求助');
    press('直接提交求助');
    await flush();
    expect(recorded.phoneCalls).toEqual([]);
    expect(creates(calls)).toEqual([
      expect.objectContaining({ urgency: 'emergency', details: { kind: 'medicine', drug: '硝酸甘油', quantity: '1瓶' } }),
    ]);
  });

  it('builds a Shanghai pick-up time and a recurring schedule for a transport', async () => {
    const calls = await openForm('transport');
    type('如：血液透析、复诊、产检', '血液透析');
    type('医院名称', '市人民医院');
    press('提交求助');
    expect(await screen.findByText('请选择接送日期和时间')).toBeInTheDocument();

    // the wheel opens on tomorrow, so the mock's input already shows it: pick the day after
    const day = shanghaiDateString(new Date(Date.now() + 2 * DAY_MS));
    const until = shanghaiDateString(new Date(Date.now() + 15 * DAY_MS));
    fireEvent.change(screen.getByLabelText('接送日期'), { target: { value: day } });
    fireEvent.change(screen.getByLabelText('接送时间'), { target: { value: '8:30' } });
    tap('1人');
    tap('周期接送（如透析，需定期往返）');
    press('提交求助');
    expect(await screen.findByText('请选择周期接送的结束日期')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('结束日期'), { target: { value: until } });
    tap('＋');
    tap('－');
    press('提交求助');
    await flush();
    expect(creates(calls)).toEqual([
      expect.objectContaining({
        details: {
          kind: 'transport',
          reason: '血液透析',
          hospital: '市人民医院',
          pickupAt: new Date(`${day}T08:30:00+08:00`).toISOString(),
          companions: 1,
          recurrence: { everyDays: 2, until },
        },
      }),
    ]);
  });

  it('sends a resident without a household to 报备', async () => {
    await openForm('supplies', { household: null });
    press('去报备');
    expect(screen.getByText('请先完成家庭报备，再提交求助')).toBeInTheDocument();
    expect(lastNavigation()).toEqual({ kind: 'switchTab', url: '/pages/report/index' });
  });

  it('shows a server error under its field, and retries with the same request id', async () => {
    let answer: Result<RequestView & { replayed: boolean }> = { ok: false, code: 'NETWORK', message: '网络异常，请检查网络后重试' };
    const calls = await openForm('medicine', { create: () => answer });
    type('如：硝苯地平缓释片', '阿莫西林');
    type('如：2盒', '2盒');
    press('提交求助');
    expect(await screen.findByText('网络异常，请检查网络后重试')).toBeInTheDocument();

    answer = { ok: false, code: 'PERSON_NOT_IN_HOUSEHOLD', message: '只能为本户家庭成员求助', field: 'personId' };
    press('提交求助');
    expect(await within(fieldOf('为谁求助')).findByText('只能为本户家庭成员求助')).toBeInTheDocument();

    const [first, second] = creates(calls);
    expect(second.clientRequestId).toBe(first.clientRequestId);
  });

  it('takes a prescription photo, uploads it and files it with the request', async () => {
    const calls = await openForm('medicine');
    chooseImage.mockResolvedValue({ tempFiles: [{ path: 'blob:photo-1', size: 120_000, type: 'image/jpeg' }] });
    uploads.mockResolvedValue({ ok: true, data: { fileId: 'cloud://env.bucket/uploads/prescription/abc/20261202/x.jpg' } });
    type('如：硝苯地平缓释片', '胰岛素注射液');
    type('如：2盒', '2支');
    press('拍照 / 选择照片');
    expect(await screen.findByText('已上传')).toBeInTheDocument();
    expect(chooseImage).toHaveBeenCalledWith(expect.objectContaining({ sourceType: ['camera', 'album'] }));
    expect(uploads).toHaveBeenCalledWith('uploads/prescription/abc/20261202/x.jpg', expect.objectContaining({ path: 'blob:photo-1' }));
    expect(calls.find((c) => c.action === 'prepareUpload')?.payload).toEqual({ purpose: 'prescription', kind: 'jpeg', size: 120_000 });
    press('提交求助');
    await flush();
    expect(creates(calls)[0].details).toEqual({
      kind: 'medicine',
      drug: '胰岛素注射液',
      quantity: '2支',
      prescriptionFileId: 'cloud://env.bucket/uploads/prescription/abc/20261202/x.jpg',
    });
  });

  it('says why a photo was refused, and files without it', async () => {
    const calls = await openForm('medicine');
    chooseImage.mockResolvedValue({ tempFiles: [{ path: 'blob:scan', size: 9 * 1024 * 1024, type: 'image/jpeg' }] });
    press('拍照 / 选择照片');
    expect(await screen.findByText('处方照片不能超过 8 MB')).toBeInTheDocument();
    expect(calls.some((c) => c.action === 'prepareUpload')).toBe(false);

    chooseImage.mockResolvedValue({ tempFiles: [{ path: 'blob:other', size: 2000, type: 'image/jpeg' }] });
    uploads.mockResolvedValue({ ok: true, data: { fileId: 'cloud://env.bucket/uploads/prescription/abc/20261202/bad.jpg' } });
    press('拍照 / 选择照片');
    expect(await screen.findByText(/这个文件不是/)).toBeInTheDocument();

    type('如：硝苯地平缓释片', '阿莫西林');
    type('如：2盒', '1盒');
    press('提交求助');
    await flush();
    expect(creates(calls)[0].details).toEqual({ kind: 'medicine', drug: '阿莫西林', quantity: '1盒' });
  });
});
