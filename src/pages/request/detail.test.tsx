import '@testing-library/jest-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { type RequestView, type Result } from '../../domain';
import { ok, stubCloud } from '../../test/cloudStub';
import { previewImage, recorded, resetTaro, triggerDidShow } from '../../test/taroMock';
import RequestDetailPage from './detail';
import { accepted, cancelled, requestView } from './testFixtures';

jest.mock('../../services/cloud', () => ({ callCloud: jest.fn() }));

const press = (name: string) => fireEvent.click(screen.getByRole('button', { name }));
const timelineLabels = () => Array.from(document.querySelectorAll('.timeline__label')).map((e) => e.textContent);

function open(view: () => RequestView, cancel?: (payload: { requestId: string; note?: string }) => Result<RequestView>) {
  resetTaro({ id: 'rq_1' });
  const calls = stubCloud({
    'request.detail': () => ok(view()),
    'request.cancel': cancel ?? ((p: { requestId: string; note?: string }) => ok(cancelled(view(), p.note))),
    'file.url': () => ok({ url: 'http://127.0.0.1:8787/api/storage/object/x.png?exp=1&sig=s', expiresAt: new Date(Date.now() + 600_000).toISOString(), kind: 'png' }),
  });
  render(<RequestDetailPage />);
  return calls;
}

describe('request detail', () => {
  it('shows the prescription photo through a temporary URL, large on a tap', async () => {
    const fileId = 'cloud://env.bucket/uploads/prescription/abc/20261202/x.png';
    const calls = open(() => requestView(1, { details: { kind: 'medicine', drug: '胰岛素注射液', quantity: '2支', prescriptionFileId: fileId } }));
    const img = await screen.findByAltText('处方照片');
    expect(img).toHaveAttribute('src', 'http://127.0.0.1:8787/api/storage/object/x.png?exp=1&sig=s');
    expect(calls.filter((c) => c.action === 'url').map((c) => c.payload)).toEqual([{ fileId }]);
    fireEvent.click(screen.getByText('点击查看大图'));
    await screen.findByAltText('处方照片');
    await new Promise((r) => setTimeout(r, 0));
    expect(previewImage).toHaveBeenCalledWith(expect.objectContaining({ urls: ['http://127.0.0.1:8787/api/storage/object/x.png?exp=1&sig=s'] }));
  });

  it('shows what was filed, its status, due time and timeline', async () => {
    open(() =>
      accepted(
        requestView(1, {
          urgency: 'urgent',
          details: {
            kind: 'supplies',
            items: [
              { name: '大米', quantity: 2, unit: '袋' },
              { name: '鸡蛋', quantity: 1 },
            ],
          },
          note: '放门口即可',
        }),
      ),
    );
    expect(await screen.findByText('生活物资代购')).toBeInTheDocument();
    expect(screen.getByText('已受理', { selector: '.badge' })).toBeInTheDocument();
    expect(screen.getByText('大米 2袋')).toBeInTheDocument();
    expect(screen.getByText('鸡蛋 1')).toBeInTheDocument();
    expect(screen.getByText('放门口即可')).toBeInTheDocument();
    expect(screen.getByText('紧急')).toBeInTheDocument();
    expect(screen.getByText('2026-11-21 09:00 前')).toBeInTheDocument();
    // newest step first, with who and when
    expect(timelineLabels()).toEqual(['已受理', '已提交']);
    expect(screen.getByText('李网格 · 2026-11-20 09:05')).toBeInTheDocument();
  });

  it('offers 取消求助 only before a worker accepts', async () => {
    let view = requestView(1);
    open(() => view);
    expect(await screen.findByRole('button', { name: '取消求助' })).toBeInTheDocument();

    view = accepted(view);
    triggerDidShow();
    expect(await screen.findByText('已受理', { selector: '.badge' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '取消求助' })).not.toBeInTheDocument();
  });

  it('cancels after confirming, with an optional reason, and shows 已取消 in the timeline', async () => {
    const calls = open(() => requestView(1));
    fireEvent.click(await screen.findByRole('button', { name: '取消求助' }));
    const sheet = screen.getByText('确定取消这条求助吗？').closest('.sheet') as HTMLElement;

    // changing one's mind files nothing
    fireEvent.click(within(sheet).getByRole('button', { name: '暂不取消' }));
    expect(calls.filter((c) => c.action === 'cancel')).toHaveLength(0);

    press('取消求助');
    fireEvent.change(screen.getByPlaceholderText('取消原因（可不填）'), { target: { value: '家人已买到' } });
    press('确认取消');
    expect(await screen.findByText('已取消', { selector: '.badge' })).toBeInTheDocument();
    expect(timelineLabels()).toEqual(['已取消', '已提交']);
    expect(screen.getByText('家人已买到')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '取消求助' })).not.toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'cancel').map((c) => c.payload)).toEqual([{ requestId: 'rq_1', note: '家人已买到' }]);
  });

  it('explains a refused cancellation and shows where the request stands now', async () => {
    let view = requestView(1);
    open(
      () => view,
      () => {
        // a worker accepted it a moment earlier
        view = accepted(view);
        return { ok: false, code: 'REQUEST_TRANSITION_INVALID', message: '该求助当前状态下不能进行此操作' };
      },
    );
    fireEvent.click(await screen.findByRole('button', { name: '取消求助' }));
    press('确认取消');
    expect(await screen.findByText('该求助当前状态下不能进行此操作')).toBeInTheDocument();
    expect(await screen.findByText('已受理', { selector: '.badge' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '取消求助' })).not.toBeInTheDocument();
  });

  it('keeps the 120 button at hand while an emergency is open', async () => {
    let view = requestView(1, { urgency: 'emergency' });
    open(() => view);
    fireEvent.click(await screen.findByRole('button', { name: '紧急情况拨打120' }));
    expect(recorded.phoneCalls).toEqual(['120']);

    view = cancelled(view);
    triggerDidShow();
    await screen.findByText('已取消', { selector: '.badge' });
    expect(screen.queryByRole('button', { name: '紧急情况拨打120' })).not.toBeInTheDocument();
  });

  it('shows a transport with its schedule', async () => {
    open(() =>
      requestView(1, {
        details: {
          kind: 'transport',
          reason: '血液透析',
          hospital: '市人民医院',
          pickupAt: '2026-11-21T00:30:00.000Z',
          companions: 0,
          recurrence: { everyDays: 2, until: '2026-12-05' },
        },
      }),
    );
    expect(await screen.findByText('2026-11-21 08:30')).toBeInTheDocument();
    expect(screen.getByText('每2天一次，至2026-12-05')).toBeInTheDocument();
    expect(screen.getByText('无')).toBeInTheDocument();
  });
});
