import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { type IsolationView, type Result } from '../../../domain';
import { freezeClock, MORNING } from '../../../pages/checkin/testFixtures';
import { ok, stubCloud, type CloudCall } from '../../../test/cloudStub';
import { resetTaro } from '../../../test/taroMock';
import IsolationPage from './index';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

// the clock is frozen at 2026-11-20 09:00 in Shanghai
const TODAY = '2026-11-20';

function view(overrides: Partial<IsolationView> = {}): IsolationView {
  return {
    isolationId: 'iso-1',
    personId: 'p-1',
    personName: '张伟',
    kind: 'home_isolation',
    startDate: TODAY,
    endDate: '2026-11-26',
    status: 'active',
    reason: '密切接触者',
    timeline: [{ action: 'start', staffName: '李网格', note: '密切接触者', at: '2026-11-20T01:00:00.000Z' }],
    ...overrides,
  };
}

/** `staff.isolation`: the person's active isolation (or the one named), null when none */
const isolation = (found: IsolationView | null) => () => ok(found);
const actions = (calls: CloudCall[], action: string) => calls.filter((c) => c.action === action).map((c) => c.payload);
const press = (name: string) => fireEvent.click(screen.getByRole('button', { name }));
const tap = (text: string) => fireEvent.click(screen.getByText(text));
const fieldOf = (label: string) => screen.getAllByText(label, { selector: '.field__label' })[0].closest('.field') as HTMLElement;

/** Opened from the roster (isolation id, person, masked name): the page loads the isolation by id. */
function openActive(personId: string, endDate: string, handlers: Parameters<typeof stubCloud>[0] = {}): CloudCall[] {
  resetTaro({ isolationId: `iso-${personId}`, personId, name: encodeURIComponent('张*') });
  const calls = stubCloud({ 'staff.isolation': isolation(view({ isolationId: `iso-${personId}`, personId, endDate })), ...handlers });
  render(<IsolationPage />);
  return calls;
}

describe('居家隔离管理', () => {
  beforeEach(() => freezeClock(MORNING));
  afterEach(() => jest.useRealTimers());

  it('starts a home isolation for a person from an item: kind, start date (today), planned days, reason', async () => {
    resetTaro({ personId: 'p-1', name: encodeURIComponent('张伟') });
    const calls = stubCloud({ 'staff.isolation': isolation(null), 'staff.startIsolation': () => ok(view()) });
    render(<IsolationPage />);
    expect(await screen.findByText('张伟')).toBeInTheDocument();
    expect(actions(calls, 'isolation')).toEqual([{ personId: 'p-1' }]);
    expect(screen.getByText('居家隔离').closest('.chip')).toHaveClass('chip--on');
    expect(screen.getByText(TODAY)).toBeInTheDocument();
    expect(screen.getByText('14天').closest('.chip')).toHaveClass('chip--on');
    expect(screen.getByText('预计至 12月3日（含开始当天）')).toBeInTheDocument();

    tap('7天');
    expect(screen.getByText('预计至 11月26日（含开始当天）')).toBeInTheDocument();
    tap('密切接触者');
    press('开始居家隔离');

    expect(await screen.findByText('已开始居家隔离，至11月26日')).toBeInTheDocument();
    expect(actions(calls, 'startIsolation')).toEqual([
      { personId: 'p-1', kind: 'home_isolation', startDate: TODAY, plannedDays: 7, reason: '密切接触者' },
    ]);
    expect(screen.getByText('居家隔离中')).toBeInTheDocument();
    expect(screen.getByText('2026年11月26日（还剩7天）')).toBeInTheDocument();
    const event = document.querySelector('.iso-event') as HTMLElement;
    expect(event).toHaveTextContent('开始李网格 · 11-20 09:00密切接触者');
    expect(screen.getByRole('button', { name: '延长' })).toBeInTheDocument();
  });

  it('starts it for several members of a household at once, and says how it went for each', async () => {
    resetTaro({ personIds: 'p-1|p-2|p-3', names: encodeURIComponent('张伟|王芳|张小明') });
    const calls = stubCloud({
      'staff.startIsolations': () =>
        ok({
          started: 2,
          results: [
            { personId: 'p-1', result: 'started' as const, isolation: view({ personId: 'p-1', personName: '张伟' }) },
            { personId: 'p-2', result: 'started' as const, isolation: view({ personId: 'p-2', personName: '王芳', isolationId: 'iso-2' }) },
            {
              personId: 'p-3',
              result: 'active' as const,
              isolation: view({ personId: 'p-3', personName: '张小明', isolationId: 'iso-3', kind: 'health_monitoring' }),
            },
          ],
        }),
    });
    render(<IsolationPage />);
    expect(await screen.findByText('张伟、王芳、张小明（3人）')).toBeInTheDocument();
    // nothing is looked up per person: the server answers for each when the start is sent
    expect(actions(calls, 'isolation')).toEqual([]);
    tap('7天');
    tap('密切接触者');
    press('开始居家隔离');
    expect(await screen.findByText('已为2人开始居家隔离')).toBeInTheDocument();
    expect(actions(calls, 'startIsolations')).toEqual([
      { personIds: ['p-1', 'p-2', 'p-3'], kind: 'home_isolation', startDate: TODAY, plannedDays: 7, reason: '密切接触者' },
    ]);
    expect(screen.getAllByText('已开始，至11月26日')).toHaveLength(2);
    expect(screen.getByText('已在健康监测中')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '隔离人员打卡名单' })).toBeInTheDocument();
  });

  it('checks days and reason before starting; health monitoring for another number of days', async () => {
    resetTaro({ personId: 'p-2', name: '李四' });
    const calls = stubCloud({
      'staff.isolation': isolation(null),
      'staff.startIsolation': () =>
        ok(view({ personId: 'p-2', isolationId: 'iso-2', kind: 'health_monitoring', endDate: '2026-11-29', timeline: [] })),
    });
    render(<IsolationPage />);
    await screen.findByText('李四');
    tap('健康监测');
    tap('其他');
    fireEvent.change(screen.getByPlaceholderText('天数（1-28）'), { target: { value: '30' } });
    press('开始健康监测');
    expect(await screen.findByText('请填写1至28之间的天数')).toBeInTheDocument();
    expect(screen.getByText('请填写原因')).toBeInTheDocument();
    expect(actions(calls, 'startIsolation')).toEqual([]);

    fireEvent.change(screen.getByPlaceholderText('天数（1-28）'), { target: { value: '10' } });
    fireEvent.change(screen.getByPlaceholderText('请选择或填写原因'), { target: { value: '  上级通知  ' } });
    press('开始健康监测');
    expect(await screen.findByText('已开始健康监测，至11月29日')).toBeInTheDocument();
    expect(actions(calls, 'startIsolation')).toEqual([
      { personId: 'p-2', kind: 'health_monitoring', startDate: TODAY, plannedDays: 10, reason: '上级通知' },
    ]);
  });

  it('shows the active isolation of a person already isolated instead of the start form', async () => {
    resetTaro({ personId: 'p-9', name: '王芳' });
    const calls = stubCloud({
      'staff.isolation': isolation(
        view({
          isolationId: 'iso-9',
          personId: 'p-9',
          personName: '王芳',
          kind: 'health_monitoring',
          startDate: '2026-11-18',
          endDate: '2026-11-25',
        }),
      ),
    });
    render(<IsolationPage />);
    expect(await screen.findByText('健康监测中')).toBeInTheDocument();
    expect(screen.getByText('2026年11月18日')).toBeInTheDocument();
    expect(screen.getByText('2026年11月25日（还剩6天）')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '开始健康监测' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: '解除' })).toBeInTheDocument();
    // asked the server for the person's isolation, never paged the roster
    expect(calls.map((c) => `${c.name}.${c.action}`)).toEqual(['staff.isolation']);
    expect(actions(calls, 'isolation')).toEqual([{ personId: 'p-9' }]);
  });

  it('opened again from the roster (a reload): loads the isolation by id with its start date, reason and timeline', async () => {
    resetTaro({ isolationId: 'iso-8', personId: 'p-8', name: encodeURIComponent('刘*') });
    const calls = stubCloud({
      'staff.isolation': isolation(
        view({
          isolationId: 'iso-8',
          personId: 'p-8',
          personName: '刘洋',
          startDate: '2026-11-16',
          endDate: '2026-11-29',
          timeline: [
            { action: 'start', staffName: '李网格', note: '密切接触者', at: '2026-11-16T02:00:00.000Z' },
            { action: 'extend', staffName: '王书记', note: '复查核酸', at: '2026-11-19T08:30:00.000Z' },
          ],
        }),
      ),
    });
    render(<IsolationPage />);
    expect(await screen.findByText('居家隔离中')).toBeInTheDocument();
    expect(actions(calls, 'isolation')).toEqual([{ isolationId: 'iso-8' }]);
    // the roster's masked name stays; the record is the server's
    expect(screen.getByText('刘*')).toBeInTheDocument();
    expect(screen.queryByText('刘洋')).not.toBeInTheDocument();
    expect(screen.getByText('2026年11月16日')).toBeInTheDocument();
    expect(screen.getByText('2026年11月29日（还剩10天）')).toBeInTheDocument();
    expect(screen.getByText('密切接触者', { selector: '.kv__value' })).toBeInTheDocument();
    const events = Array.from(document.querySelectorAll('.iso-event')).map((e) => e.textContent);
    expect(events).toEqual(['开始李网格 · 11-16 10:00密切接触者', '延长王书记 · 11-19 16:30复查核酸']);
  });

  it('an isolation that is not found (or out of scope) says so', async () => {
    resetTaro({ isolationId: 'iso-x' });
    stubCloud({ 'staff.isolation': isolation(null) });
    render(<IsolationPage />);
    expect(await screen.findByText('隔离记录不存在或不在您的管辖范围内')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '重试' })).toBeInTheDocument();
  });

  it('an ended isolation opened by id can be started again for its person', async () => {
    resetTaro({ isolationId: 'iso-7' });
    const calls = stubCloud({
      'staff.isolation': isolation(
        view({ isolationId: 'iso-7', personId: 'p-7', personName: '孙丽', kind: 'health_monitoring', status: 'ended' }),
      ),
      'staff.startIsolation': () => ok(view({ isolationId: 'iso-70', personId: 'p-7', personName: '孙丽', kind: 'health_monitoring' })),
    });
    render(<IsolationPage />);
    expect(await screen.findByText('已解除')).toBeInTheDocument();
    expect(screen.getByText('孙丽')).toBeInTheDocument();
    press('重新开始隔离');
    expect(screen.getByText('健康监测').closest('.chip')).toHaveClass('chip--on');
    tap('入境人员');
    press('开始健康监测');
    expect(await screen.findByText('已开始健康监测，至11月26日')).toBeInTheDocument();
    expect(actions(calls, 'startIsolation')).toEqual([
      { personId: 'p-7', kind: 'health_monitoring', startDate: TODAY, plannedDays: 14, reason: '入境人员' },
    ]);
  });

  it("shows the server's ISOLATION_ACTIVE and then where the person stands", async () => {
    resetTaro({ personId: 'p-3', name: '赵六' });
    let isolated = false;
    const calls = stubCloud({
      'staff.isolation': () => ok(isolated ? view({ personId: 'p-3', isolationId: 'iso-3', kind: 'health_monitoring' }) : null),
      'staff.startIsolation': (): Result<never> => {
        isolated = true;
        return { ok: false, code: 'ISOLATION_ACTIVE', message: '该人员已在隔离/监测中，可延长或解除' };
      },
    });
    render(<IsolationPage />);
    await screen.findByText('赵六');
    tap('中高风险地区返回');
    press('开始居家隔离');
    expect(await screen.findByText('该人员已在隔离/监测中，可延长或解除')).toBeInTheDocument();
    expect(await screen.findByText('健康监测中')).toBeInTheDocument();
    expect(actions(calls, 'isolation')).toEqual([{ personId: 'p-3' }, { personId: 'p-3' }]);
  });

  it('ending early asks for a reason, and sends it', async () => {
    const calls = openActive('p-4', '2026-11-26', {
      'staff.endIsolation': () =>
        ok(
          view({
            isolationId: 'iso-p-4',
            personId: 'p-4',
            status: 'ended',
            timeline: [
              ...view().timeline,
              { action: 'end', staffName: '李网格', note: '核酸阴性，上级通知解除', at: '2026-11-20T01:05:00.000Z' },
            ],
          }),
        ),
    });
    fireEvent.click(await screen.findByRole('button', { name: '解除' }));
    expect(screen.getByText('原定至11月26日，现在解除属于提前解除，请填写原因（如：核酸阴性、上级通知解除）。')).toBeInTheDocument();
    press('确认解除');
    expect(await screen.findByText('提前解除（原定至11月26日）需要填写原因')).toBeInTheDocument();
    expect(actions(calls, 'endIsolation')).toEqual([]);

    fireEvent.change(screen.getByPlaceholderText('请填写提前解除的原因'), { target: { value: '核酸阴性，上级通知解除' } });
    expect(fieldOf('解除原因')).not.toHaveTextContent('需要填写原因');
    press('确认解除');
    expect(await screen.findByText('已解除居家隔离')).toBeInTheDocument();
    expect(actions(calls, 'endIsolation')).toEqual([{ isolationId: 'iso-p-4', reason: '核酸阴性，上级通知解除' }]);
    expect(screen.getByText('已解除')).toBeInTheDocument();
    expect(screen.getByText('核酸阴性，上级通知解除')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '延长' })).not.toBeInTheDocument();
  });

  it('ends on the last planned day without a reason', async () => {
    const calls = openActive('p-5', TODAY, {
      'staff.endIsolation': () => ok(view({ isolationId: 'iso-p-5', personId: 'p-5', endDate: TODAY, status: 'ended' })),
    });
    fireEvent.click(await screen.findByRole('button', { name: '解除' }));
    expect(screen.getByText('已到计划结束日期，可直接解除。')).toBeInTheDocument();
    press('确认解除');
    expect(await screen.findByText('已解除居家隔离')).toBeInTheDocument();
    expect(actions(calls, 'endIsolation')).toEqual([{ isolationId: 'iso-p-5' }]);
  });

  it("shows the server's NOTE_REQUIRED in the sheet", async () => {
    openActive('p-6', TODAY, {
      'staff.endIsolation': (): Result<never> => ({ ok: false, code: 'NOTE_REQUIRED', message: '提前解除需要填写原因', field: 'reason' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: '解除' }));
    press('确认解除');
    expect(await screen.findByText('提前解除需要填写原因')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '确认解除' })).toBeInTheDocument();
  });

  it('extends by a number of days', async () => {
    const calls = openActive('p-7', '2026-11-26', {
      'staff.extendIsolation': () => ok(view({ isolationId: 'iso-p-7', personId: 'p-7', endDate: '2026-11-29' })),
    });
    fireEvent.click(await screen.findByRole('button', { name: '延长' }));
    tap('3天');
    fireEvent.change(screen.getByPlaceholderText('延长原因（可不填）'), { target: { value: '复查核酸' } });
    press('确认延长');
    expect(await screen.findByText('已延长3天，至11月29日')).toBeInTheDocument();
    expect(actions(calls, 'extendIsolation')).toEqual([{ isolationId: 'iso-p-7', days: 3, note: '复查核酸' }]);
    await waitFor(() => expect(screen.getByText('2026年11月29日（还剩10天）')).toBeInTheDocument());
  });
});
