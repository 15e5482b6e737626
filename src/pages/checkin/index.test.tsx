import '@testing-library/jest-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { type Result } from '../../domain';
import { ok, stubCloud, type CloudCall } from '../../test/cloudStub';
import { householdView } from '../../test/fixtures';
import { lastNavigation, recorded, resetTaro } from '../../test/taroMock';
import CheckinPage from './index';
import { freezeClock, MORNING, person, result, slot, today } from './testFixtures';

jest.mock('../../services/cloud', () => ({ callCloud: jest.fn() }));

type Handlers = Parameters<typeof stubCloud>[0];

async function open(handlers: Handlers = {}): Promise<CloudCall[]> {
  const calls = stubCloud({
    'checkin.today': () => ok(today()),
    'report.myHousehold': () => ok(householdView()),
    'checkin.submit': () => ok(result()),
    ...handlers,
  });
  render(<CheckinPage />);
  await screen.findByText('今日健康打卡');
  return calls;
}

const submits = (calls: CloudCall[]) => calls.filter((c) => c.action === 'submit').map((c) => c.payload);
const typeTemperature = (value: string) => fireEvent.change(screen.getByPlaceholderText('如 36.5'), { target: { value } });
const press = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

describe('每日健康打卡', () => {
  beforeEach(() => {
    resetTaro();
    freezeClock(MORNING);
  });
  afterEach(() => jest.useRealTimers());

  it("shows today's date, each person's kind, end date and slot states with temperatures", async () => {
    await open({
      'checkin.today': () =>
        ok(
          today([
            person({ slots: [slot('am', 'done', 36.5), slot('pm', 'pending')] }),
            person({
              personId: 'p-1',
              name: '张小宝',
              kind: 'health_monitoring',
              endDate: '2026-11-22',
              slots: [slot('am', 'missing'), slot('pm', 'pending')],
            }),
          ]),
        ),
    });
    expect(screen.getByText('2026年11月20日 星期五')).toBeInTheDocument();
    const [first, second] = Array.from(document.querySelectorAll('.ci-person')) as HTMLElement[];
    expect(within(first).getByText('张三')).toBeInTheDocument();
    expect(within(first).getByText('居家隔离')).toBeInTheDocument();
    expect(within(first).getByText('至 11月30日（还剩11天）')).toBeInTheDocument();
    expect(within(first).getByText('已打卡')).toHaveClass('slot__state--done');
    expect(within(first).getByText('36.5℃')).toBeInTheDocument();
    expect(within(first).getByText('待打卡')).toHaveClass('slot__state--pending');
    // the morning slot is done: a new submission would correct it
    expect(within(first).getByText('本时段已打卡，再次提交将更正')).toBeInTheDocument();
    expect(within(second).getByText('健康监测')).toBeInTheDocument();
    expect(within(second).getByText('未打卡')).toHaveClass('slot__state--missing');
    expect(within(second).getByText('上午打卡')).toBeInTheDocument();
  });

  it('labels and targets the form with the slot the server flags current, not one guessed from the clock', async () => {
    // 09:00 here, but the community's slots make the afternoon the one a check-in now counts for
    const calls = await open({
      'checkin.today': () =>
        ok(today([person({ slots: [slot('am', 'done', 36.5, { current: false }), slot('pm', 'pending', undefined, { current: true })] })])),
      'checkin.submit': () => ok(result({ slot: 'pm', slotLabel: '下午' })),
    });
    expect(screen.getByText('下午打卡')).toBeInTheDocument();
    expect(screen.queryByText('上午打卡')).not.toBeInTheDocument();
    expect(screen.getByText('18:00 前')).toBeInTheDocument();
    // the morning is done, but the form is for the afternoon: nothing to correct
    expect(screen.queryByText('本时段已打卡，再次提交将更正')).not.toBeInTheDocument();
    expect(screen.getByText('下午', { selector: '.slot__label' }).closest('.slot')).toHaveClass('slot--current');
    expect(screen.getByText('上午', { selector: '.slot__label' }).closest('.slot')).not.toHaveClass('slot--current');
    typeTemperature('36.6');
    press('提交打卡');
    expect(await screen.findByText('下午打卡成功')).toBeInTheDocument();
    expect(submits(calls)).toEqual([{ personId: 'p-0', temperature: 36.6, symptoms: [] }]);
  });

  it('a flagged slot already closed takes a late check-in', async () => {
    await open({
      'checkin.today': () => ok(today([person({ slots: [slot('am', 'missing', undefined, { phase: 'closed' }), slot('pm', 'pending')] })])),
    });
    expect(screen.getByText('上午打卡')).toBeInTheDocument();
    expect(screen.getByText('已过截止时间，可补打卡')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '提交打卡' })).toBeInTheDocument();
  });

  describe('outside every slot (isolated at 13:00, now 13:40: the morning closed before, the afternoon opens at 14:00)', () => {
    const between = () =>
      person({
        slots: [
          slot('am', 'not_expected', undefined, { current: false, phase: 'closed' }),
          slot('pm', 'pending', undefined, { current: false, phase: 'upcoming' }),
        ],
      });

    it('shows each slot with when the afternoon opens, never 无需打卡, and offers 立即上报体温/症状', async () => {
      await open({ 'checkin.today': () => ok(today([between()])) });
      expect(screen.getByText('不在打卡期')).toHaveClass('slot__state--not_expected');
      expect(screen.getByText('待打卡')).toHaveClass('slot__state--pending');
      expect(screen.getByText('14:00 开始')).toHaveClass('slot__when');
      expect(screen.getByText('立即上报体温/症状')).toBeInTheDocument();
      expect(screen.getByText(/现在不在打卡时段，本次不计入打卡；下午打卡 14:00 开始/)).toBeInTheDocument();
      expect(screen.getByRole('button', { name: '立即上报' })).toBeInTheDocument();
      expect(document.body.textContent).not.toContain('无需打卡');
    });

    it('a normal reading is recorded, said not to count, and points to the afternoon', async () => {
      let reported = false;
      const calls = await open({
        'checkin.today': () =>
          ok(
            today([
              reported
                ? { ...between(), offSlot: [{ at: '2026-11-20T05:40:00.000Z', temperature: 36.6, symptoms: [], alarming: false }] }
                : between(),
            ]),
          ),
        'checkin.submit': () => {
          reported = true;
          return ok(result({ slot: null, slotLabel: null }));
        },
      });
      typeTemperature('36.6');
      press('立即上报');
      expect(await screen.findByText('体温已记录')).toBeInTheDocument();
      expect(screen.getByText('现在不在打卡时段，本次不计入打卡；下午打卡 14:00 开始，届时请再测一次体温')).toBeInTheDocument();
      expect(await screen.findByText('13:40 36.6℃')).toHaveClass('ci-reading');
      expect(screen.getByText('其他时间上报')).toBeInTheDocument();
      expect(submits(calls)).toEqual([{ personId: 'p-0', temperature: 36.6, symptoms: [] }]);
    });

    it('a fever is raised at once: 体温异常，已通知网格员, the reading shown in red', async () => {
      let reported = false;
      await open({
        'checkin.today': () =>
          ok(
            today([
              reported
                ? { ...between(), offSlot: [{ at: '2026-11-20T05:45:00.000Z', temperature: 38.4, symptoms: ['cough'], alarming: true }] }
                : between(),
            ]),
          ),
        'checkin.submit': () => {
          reported = true;
          return ok(result({ slot: null, slotLabel: null, alarming: true }));
        },
      });
      typeTemperature('38.4');
      fireEvent.click(screen.getByText('咳嗽'));
      press('立即上报');
      expect(await screen.findByText('体温异常，已通知网格员')).toBeInTheDocument();
      expect(await screen.findByText('13:45 38.4℃ 咳嗽')).toHaveClass('ci-reading--alarming');
    });

    it('after the last slot: no next slot to point to', async () => {
      await open({
        'checkin.today': () =>
          ok(
            today([
              person({
                slots: [
                  slot('am', 'done', 36.5, { current: false, phase: 'closed' }),
                  slot('pm', 'done', 36.6, { current: false, phase: 'closed' }),
                ],
              }),
            ]),
          ),
      });
      expect(screen.getByText('发热或有不适随时上报，会立即通知网格员。现在不在打卡时段，本次不计入打卡。')).toBeInTheDocument();
    });
  });

  it('refuses 50 ℃ with the Chinese message and sends nothing', async () => {
    const calls = await open();
    typeTemperature('50');
    press('提交打卡');
    expect(await screen.findByText('体温应在35.0至42.0℃之间')).toBeInTheDocument();
    typeTemperature('36.55');
    press('提交打卡');
    expect(await screen.findByText('体温最多保留一位小数，如 36.5')).toBeInTheDocument();
    typeTemperature('');
    press('提交打卡');
    expect(await screen.findByText('请填写体温')).toBeInTheDocument();
    expect(submits(calls)).toEqual([]);
  });

  it("a fever with a symptom: sends them, says 体温异常，已通知网格员 and offers the grid worker's phone", async () => {
    const calls = await open({ 'checkin.submit': () => ok(result({ alarming: true })) });
    typeTemperature('38.2');
    fireEvent.click(screen.getByText('咳嗽'));
    expect(screen.getByText('无不适').closest('.chip')).not.toHaveClass('chip--on');
    press('提交打卡');
    expect(await screen.findByText('体温异常，已通知网格员')).toBeInTheDocument();
    expect(submits(calls)).toEqual([{ personId: 'p-0', temperature: 38.2, symptoms: ['cough'] }]);
    expect(screen.getByText('李网格')).toBeInTheDocument();
    press('拨打电话');
    expect(recorded.phoneCalls).toEqual(['13900001111']);
    // the form is cleared for a correction, and today's states were reloaded
    expect(screen.getByPlaceholderText('如 36.5')).toHaveValue('');
    expect(calls.filter((c) => c.action === 'today')).toHaveLength(2);
  });

  it('a normal temperature says 打卡成功; a second one in the same slot says 已更正', async () => {
    let corrected = false;
    const calls = await open({
      'checkin.submit': () => {
        const r = ok(result({ corrected }));
        corrected = true;
        return r;
      },
    });
    typeTemperature('36.6');
    press('提交打卡');
    expect(await screen.findByText('上午打卡成功')).toBeInTheDocument();
    typeTemperature('36.4');
    press('提交打卡');
    expect(await screen.findByText('已更正上午打卡')).toBeInTheDocument();
    expect(screen.queryByText('体温异常，已通知网格员')).not.toBeInTheDocument();
    expect(submits(calls)).toEqual([
      { personId: 'p-0', temperature: 36.6, symptoms: [] },
      { personId: 'p-0', temperature: 36.4, symptoms: [] },
    ]);
  });

  it("shows the server's refusal on the form", async () => {
    await open({
      'checkin.submit': (): Result<never> => ({ ok: false, code: 'CHECKIN_NOT_EXPECTED', message: '该成员不在居家隔离或健康监测中，无需打卡' }),
    });
    typeTemperature('36.5');
    press('提交打卡');
    expect(await screen.findByText('该成员不在居家隔离或健康监测中，无需打卡')).toBeInTheDocument();
  });

  it('turns the reminder on and off, saving it on the server', async () => {
    const calls = await open({ 'checkin.subscribe': (p: { enabled: boolean }) => ok({ enabled: p.enabled }) });
    expect(screen.getByText('未开启')).toBeInTheDocument();
    fireEvent.click(screen.getByText('打卡前提醒我'));
    expect(await screen.findByText('已开启')).toBeInTheDocument();
    expect(document.querySelector('.switch')).toHaveClass('switch--on');
    fireEvent.click(screen.getByText('打卡前提醒我'));
    expect(await screen.findByText('未开启')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'subscribe').map((c) => c.payload)).toEqual([{ enabled: true }, { enabled: false }]);
  });

  it("starts the switch from the household's subscription on the server, not from this phone", async () => {
    const calls = await open({
      'checkin.today': () => ok(today([person()], true)),
      'checkin.subscribe': (p: { enabled: boolean }) => ok({ enabled: p.enabled }),
    });
    expect(screen.getByText('已开启')).toBeInTheDocument();
    expect(document.querySelector('.switch')).toHaveClass('switch--on');
    fireEvent.click(screen.getByText('打卡前提醒我'));
    expect(await screen.findByText('未开启')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'subscribe').map((c) => c.payload)).toEqual([{ enabled: false }]);
  });

  it('keeps the switch as it was when saving fails', async () => {
    await open({ 'checkin.subscribe': (): Result<never> => ({ ok: false, code: 'NETWORK', message: '网络异常，请检查网络后重试' }) });
    fireEvent.click(screen.getByText('打卡前提醒我'));
    expect(await screen.findByText('网络异常，请检查网络后重试')).toBeInTheDocument();
    expect(screen.getByText('未开启')).toBeInTheDocument();
  });

  it('says nobody needs to check in when no one is under isolation', async () => {
    await open({ 'checkin.today': () => ok(today([])) });
    expect(screen.getByText('您家目前没有正在居家隔离或健康监测的成员，无需打卡。')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '提交打卡' })).not.toBeInTheDocument();
    expect(screen.queryByText('打卡前提醒我')).not.toBeInTheDocument();
  });

  it('asks to file the household first', async () => {
    stubCloud({
      'checkin.today': (): Result<never> => ({ ok: false, code: 'HOUSEHOLD_REQUIRED', message: '请先完成家庭报备，再提交求助' }),
      'report.myHousehold': () => ok(null),
    });
    render(<CheckinPage />);
    fireEvent.click(await screen.findByRole('button', { name: '去报备' }));
    expect(lastNavigation()).toEqual({ kind: 'switchTab', url: '/pages/report/index' });
  });
});
