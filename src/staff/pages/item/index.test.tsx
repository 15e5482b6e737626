import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { maskPhone, type QueueItemDetail } from '../../../domain';
import { ok, stubCloud } from '../../../test/cloudStub';
import { ADULT_ID } from '../../../test/fixtures';
import { lastNavigation, recorded, resetTaro } from '../../../test/taroMock';
import { PHONE, queueItem, reportDetail, requestDetail, requestViewOf } from '../../shared/testFixtures';
import ItemPage from './index';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

const conflict = { ok: false as const, code: 'CONFLICT', message: '记录已被他人处理，请刷新后再试' };

function personCard(name: string): HTMLElement {
  return screen.getByText(name, { selector: '.member__name' }).closest('.person') as HTMLElement;
}

describe('事项详情: a household report', () => {
  beforeEach(() => resetTaro({ id: 'qi-r' }));

  it('shows the report with masked numbers only', async () => {
    stubCloud({ 'staff.item': () => ok(reportDetail()) });
    render(<ItemPage />);
    expect(await screen.findByText('返回人员')).toBeInTheDocument();
    // the contact card: the reporter, the address and the call
    const contact = document.querySelector('.contact') as HTMLElement;
    expect(within(contact).getByText('祥云一区 3号楼 1单元 101')).toBeInTheDocument();
    expect(within(contact).getByText(`报备人 · ${maskPhone(PHONE)}`)).toBeInTheDocument();
    expect(within(contact).getByRole('button', { name: '拨打电话 张伟' })).toBeInTheDocument();
    expect(screen.getByText('湖北省 武汉市 江汉区')).toBeInTheDocument();
    expect(screen.getByText('火车/高铁 G1234')).toBeInTheDocument();
    expect(screen.getByText('家庭成员（2人）')).toBeInTheDocument();
    expect(within(personCard('张伟')).getByText(maskPhone(PHONE))).toBeInTheDocument();
    expect(within(personCard('张伟')).getByText('健康 36.5℃ · 绿码 · 无症状')).toBeInTheDocument();
    // the child has no phone: no call button
    expect(within(personCard('张小明')).getByText('未登记')).toBeInTheDocument();
    expect(within(personCard('张小明')).queryByRole('button', { name: '拨打电话' })).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain(ADULT_ID);
    expect(document.body.textContent).not.toContain(PHONE);
  });

  it('offers 开始居家隔离 for each member and opens the isolation page for that person', async () => {
    const calls = stubCloud({ 'staff.item': () => ok(reportDetail()) });
    render(<ItemPage />);
    await screen.findByText('家庭成员（2人）');
    expect(within(personCard('张伟')).getByText('开始居家隔离')).toBeInTheDocument();
    fireEvent.click(within(personCard('张小明')).getByText('开始居家隔离'));
    expect(lastNavigation()).toEqual({
      kind: 'navigateTo',
      url: `/staff/pages/isolation/index?personId=p-2&name=${encodeURIComponent('张小明')}`,
    });
    expect(calls.map((c) => c.action)).toEqual(['item']);
  });

  it('asks for a reason before revealing the full ID number, then shows it', async () => {
    const calls = stubCloud({ 'staff.item': () => ok(reportDetail()), 'staff.reveal': () => ok({ value: ADULT_ID }) });
    render(<ItemPage />);
    await screen.findByText('家庭成员（2人）');
    fireEvent.click(within(personCard('张伟')).getByRole('button', { name: '查看证件号' }));

    // nothing is revealed until a reason is given
    expect(screen.getByText('查看张伟的证件号')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '确认查看' }));
    expect(screen.getByText('请填写查看原因（至少2个字）')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'reveal')).toHaveLength(0);

    fireEvent.click(screen.getByText('入户核实'));
    expect(screen.getByPlaceholderText('请填写查看原因')).toHaveValue('入户核实');
    fireEvent.click(screen.getByRole('button', { name: '确认查看' }));
    expect(await within(personCard('张伟')).findByText(ADULT_ID)).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'reveal').map((c) => c.payload)).toEqual([
      { personId: 'p-1', field: 'id', reason: '入户核实' },
    ]);
    expect(screen.queryByText('查看张伟的证件号')).not.toBeInTheDocument();

    // and back to the masked value
    fireEvent.click(within(personCard('张伟')).getByRole('button', { name: '隐藏证件号' }));
    expect(within(personCard('张伟')).queryByText(ADULT_ID)).not.toBeInTheDocument();
    expect(within(personCard('张伟')).getByRole('button', { name: '查看证件号' })).toBeInTheDocument();
  });

  it('拨打电话 dials a member at once: no reason asked (the server audits the call)', async () => {
    const calls = stubCloud({ 'staff.item': () => ok(reportDetail()), 'staff.call': () => ok({ phone: PHONE }) });
    render(<ItemPage />);
    await screen.findByText('家庭成员（2人）');
    fireEvent.click(within(personCard('张伟')).getByRole('button', { name: '拨打电话' }));
    await waitFor(() => expect(recorded.phoneCalls).toEqual([PHONE]));
    expect(calls.filter((c) => c.action === 'call').map((c) => c.payload)).toEqual([{ itemId: 'qi-r', personId: 'p-1' }]);
    expect(calls.filter((c) => c.action === 'reveal')).toHaveLength(0);
    // the number is dialled, not shown
    expect(document.body.textContent).not.toContain(PHONE);
  });

  it('a call the server refuses says why and dials nothing', async () => {
    stubCloud({
      'staff.item': () => ok(reportDetail()),
      'staff.call': () => ({ ok: false, code: 'NOT_FOUND', message: '该事项中没有这位居民，或其不在您的管辖范围内' }),
    });
    render(<ItemPage />);
    fireEvent.click(await screen.findByRole('button', { name: '拨打电话 张伟' }));
    expect(await screen.findByText('该事项中没有这位居民，或其不在您的管辖范围内')).toBeInTheDocument();
    expect(recorded.phoneCalls).toEqual([]);
  });

  it('cancelling the reason sheet reveals nothing', async () => {
    const calls = stubCloud({ 'staff.item': () => ok(reportDetail()) });
    render(<ItemPage />);
    await screen.findByText('家庭成员（2人）');
    fireEvent.click(within(personCard('张伟')).getByRole('button', { name: '查看证件号' }));
    fireEvent.click(screen.getByRole('button', { name: '取消' }));
    expect(screen.queryByText('查看张伟的证件号')).not.toBeInTheDocument();
    expect(calls.map((c) => c.action)).toEqual(['item']);
  });

  it('a member under isolation is marked and offers 查看隔离; 多人开始隔离 starts the others together', async () => {
    const detail = reportDetail();
    detail.persons = [{ ...detail.persons[0], status: 'home_isolation', isolationId: 'iso-p-1' }, detail.persons[1]];
    detail.report = {
      ...detail.report,
      members: [...detail.report.members, { personId: 'p-3', name: '李娜', relation: 'spouse', idType: 'id_card', idMasked: '110105********0021' }],
    };
    detail.persons.push({ personId: 'p-3', name: '李娜', idMasked: '110105********0021', status: 'normal' });
    stubCloud({ 'staff.item': () => ok(detail) });
    render(<ItemPage />);
    await screen.findByText('家庭成员（3人）');
    expect(within(personCard('张伟')).getByText('居家隔离中')).toBeInTheDocument();
    expect(within(personCard('张伟')).queryByText('开始居家隔离')).not.toBeInTheDocument();
    fireEvent.click(within(personCard('张伟')).getByText('查看隔离'));
    expect(lastNavigation()).toEqual({
      kind: 'navigateTo',
      url: `/staff/pages/isolation/index?isolationId=iso-p-1&personId=p-1&name=${encodeURIComponent('张伟')}`,
    });

    fireEvent.click(screen.getByText('多人开始隔离'));
    // the two not under isolation, both chosen; one is left out
    expect(screen.getByText('张小明（子女）')).toBeInTheDocument();
    expect(screen.queryByText('张伟（本人）')).not.toBeInTheDocument();
    fireEvent.click(screen.getByText('张小明（子女）'));
    fireEvent.click(screen.getByRole('button', { name: '为所选1人开始' }));
    expect(lastNavigation()).toEqual({
      kind: 'navigateTo',
      url: `/staff/pages/isolation/index?personIds=p-3&names=${encodeURIComponent('李娜')}`,
    });
  });

  it('verifies: requires outcome and at least one method, records several, shows the result', async () => {
    const verified = reportDetail({
      item: { ...reportDetail().item, status: 'closed' },
      actions: [],
    });
    verified.report = {
      ...verified.report,
      status: 'verified',
      verification: { outcome: 'at_home', methods: ['phone'], note: '本人接听', staffName: '李网格', at: '2026-11-20T03:00:00.000Z' },
    };
    const calls = stubCloud({ 'staff.item': () => ok(reportDetail()), 'staff.verify': () => ok(verified) });
    render(<ItemPage />);
    await screen.findByText('核实报备');

    fireEvent.click(screen.getByRole('button', { name: '提交核实' }));
    expect(screen.getByText('请选择核实结果')).toBeInTheDocument();
    expect(screen.getByText('请选择核实方式（可多选）')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'verify')).toHaveLength(0);

    fireEvent.click(screen.getByText('在家核实无误'));
    fireEvent.click(screen.getByText('电话核实（听声）'));
    fireEvent.click(screen.getByText('验码'));
    fireEvent.click(screen.getByText('入户核实（见人）'));
    // a second tap takes one back off
    fireEvent.click(screen.getByText('入户核实（见人）'));
    expect(screen.getByText('入户核实（见人）').closest('.chip')).not.toHaveClass('chip--on');
    fireEvent.change(screen.getByPlaceholderText('核实情况说明（可不填）'), { target: { value: ' 本人接听 ' } });
    fireEvent.click(screen.getByRole('button', { name: '提交核实' }));

    expect(await screen.findByText('核实结果已提交')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'verify').map((c) => c.payload)).toEqual([
      { itemId: 'qi-r', outcome: 'at_home', methods: ['phone', 'code_check'], note: '本人接听' },
    ]);
    expect(screen.getByText('已核实')).toBeInTheDocument();
    expect(screen.getByText('李网格 · 2026-11-20 11:00')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '提交核实' })).not.toBeInTheDocument();
  });

  it('a report verified by someone else meanwhile: shows the message and reloads', async () => {
    let detail = reportDetail();
    const calls = stubCloud({
      'staff.item': () => ok(detail),
      'staff.verify': () => {
        detail = reportDetail({ item: { ...detail.item, status: 'closed' }, actions: [] });
        return { ok: false, code: 'CONFLICT', message: '该报备已被其他网格员核实，请刷新后查看' };
      },
    });
    render(<ItemPage />);
    await screen.findByText('核实报备');
    fireEvent.click(screen.getByText('已离开'));
    fireEvent.click(screen.getByText('入户核实（见人）'));
    fireEvent.click(screen.getByRole('button', { name: '提交核实' }));
    expect(await screen.findByText('该报备已被其他网格员核实，请刷新后查看')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('核实报备')).not.toBeInTheDocument());
    expect(calls.map((c) => c.action)).toEqual(['item', 'verify', 'item']);
  });
});

describe('事项详情: a resident request', () => {
  beforeEach(() => resetTaro({ id: 'qi-q' }));

  it('shows kind, urgency, items, timeline and the actions the server allows', async () => {
    stubCloud({ 'staff.item': () => ok(requestDetail()) });
    render(<ItemPage />);
    expect(await screen.findByText('生活物资代购')).toBeInTheDocument();
    expect(screen.getByText('大米 2袋')).toBeInTheDocument();
    expect(screen.getByText('鸡蛋 30个')).toBeInTheDocument();
    expect(screen.getAllByText('紧急').length).toBeGreaterThan(0);
    expect(screen.getByText('张伟 · 2026-11-20 10:00')).toBeInTheDocument();
    expect(screen.getByText('求助人')).toBeInTheDocument();
    const buttons = Array.from(document.querySelectorAll('.card button')).map((b) => b.textContent);
    expect(buttons).toEqual(expect.arrayContaining(['受理', '上报社区', '不予受理']));
    expect(screen.queryByRole('button', { name: '办结' })).not.toBeInTheDocument();
  });

  it('offers 开始居家隔离 for the person helped', async () => {
    stubCloud({ 'staff.item': () => ok(requestDetail()) });
    render(<ItemPage />);
    fireEvent.click(await screen.findByText('开始居家隔离'));
    expect(lastNavigation()).toEqual({
      kind: 'navigateTo',
      url: `/staff/pages/isolation/index?personId=p-1&name=${encodeURIComponent('张伟')}`,
    });
  });

  it('shows transport details with pick-up time and recurrence', async () => {
    stubCloud({
      'staff.item': () =>
        ok(
          requestDetail({
            kind: 'transport',
            urgency: 'normal',
            details: {
              kind: 'transport',
              reason: '血液透析',
              hospital: '市人民医院',
              pickupAt: '2026-11-21T00:30:00.000Z',
              companions: 1,
              recurrence: { everyDays: 2, until: '2026-12-05' },
            },
          }),
        ),
    });
    render(<ItemPage />);
    expect(await screen.findByText('就医转运')).toBeInTheDocument();
    expect(screen.getByText('2026-11-21 08:30')).toBeInTheDocument();
    expect(screen.getByText('每2天一次，至2026-12-05')).toBeInTheDocument();
    expect(screen.getByText('1人')).toBeInTheDocument();
  });

  it('accepts, shows the result and the next actions', async () => {
    const accepted = requestDetail(
      {
        status: 'accepted',
        canCancel: false,
        timeline: [
          ...requestViewOf().timeline,
          { action: 'accept', to: 'accepted', actorKind: 'worker', actorName: '李网格', at: '2026-11-20T02:10:00.000Z' },
        ],
      },
      { actions: ['start', 'complete', 'reject', 'escalate'] },
    );
    const calls = stubCloud({ 'staff.item': () => ok(requestDetail()), 'staff.requestAction': () => ok(accepted) });
    render(<ItemPage />);
    fireEvent.click(await screen.findByRole('button', { name: '受理' }));
    expect(await screen.findByText('已受理，请尽快办理')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'requestAction').map((c) => c.payload)).toEqual([{ itemId: 'qi-q', action: 'accept' }]);
    expect(screen.getByRole('button', { name: '办结' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '开始办理' })).toBeInTheDocument();
    expect(screen.getByText('李网格 · 2026-11-20 10:10')).toBeInTheDocument();
  });

  it('a CONFLICT on 受理 (someone else got there first) shows the message and reloads the item', async () => {
    let detail = requestDetail();
    const calls = stubCloud({
      'staff.item': () => ok(detail),
      'staff.requestAction': () => {
        // another worker accepted it a moment ago
        detail = requestDetail({ status: 'accepted', canCancel: false }, { actions: ['start', 'complete', 'reject', 'escalate'] });
        return conflict;
      },
    });
    render(<ItemPage />);
    fireEvent.click(await screen.findByRole('button', { name: '受理' }));
    expect(await screen.findByText('记录已被他人处理，请刷新后再试')).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: '办结' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '受理' })).not.toBeInTheDocument();
    expect(screen.getByText('已受理')).toBeInTheDocument();
    expect(calls.map((c) => c.action)).toEqual(['item', 'requestAction', 'item']);
  });

  it('REQUEST_TRANSITION_INVALID is treated the same way', async () => {
    const calls = stubCloud({
      'staff.item': () => ok(requestDetail()),
      'staff.requestAction': () => ({ ok: false, code: 'REQUEST_TRANSITION_INVALID', message: '该求助当前状态下不能进行此操作' }),
    });
    render(<ItemPage />);
    fireEvent.click(await screen.findByRole('button', { name: '受理' }));
    expect(await screen.findByText('该求助当前状态下不能进行此操作')).toBeInTheDocument();
    await waitFor(() => expect(calls.map((c) => c.action)).toEqual(['item', 'requestAction', 'item']));
  });

  it('不予受理 asks for a reason first and sends it', async () => {
    const rejected = requestDetail({ status: 'rejected', canCancel: false }, { actions: [] });
    const calls = stubCloud({ 'staff.item': () => ok(requestDetail()), 'staff.requestAction': () => ok(rejected) });
    render(<ItemPage />);
    fireEvent.click(await screen.findByRole('button', { name: '不予受理' }));

    expect(screen.getByText('请说明原因，居民会在求助进度中看到。')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '确认不予受理' }));
    expect(screen.getByText('请填写不予受理的原因，居民会看到')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'requestAction')).toHaveLength(0);

    fireEvent.change(screen.getByPlaceholderText('请填写原因'), { target: { value: '非本网格住户，已转对应网格' } });
    fireEvent.click(screen.getByRole('button', { name: '确认不予受理' }));
    expect(await screen.findByText('已不予受理，居民会看到原因')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'requestAction').map((c) => c.payload)).toEqual([
      { itemId: 'qi-q', action: 'reject', note: '非本网格住户，已转对应网格' },
    ]);
    expect(screen.getByText('未受理')).toBeInTheDocument();
  });

  it('上报社区 takes an optional note', async () => {
    const calls = stubCloud({
      'staff.item': () => ok(requestDetail()),
      'staff.requestAction': () => ok(requestDetail({ status: 'escalated' }, { actions: ['accept', 'reject'] })),
    });
    render(<ItemPage />);
    fireEvent.click(await screen.findByRole('button', { name: '上报社区' }));
    fireEvent.click(screen.getByRole('button', { name: '确认上报' }));
    expect(await screen.findByText('已上报社区', { selector: '.staff-ok__line' })).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'requestAction').map((c) => c.payload)).toEqual([{ itemId: 'qi-q', action: 'escalate' }]);
  });

  it('shows a load failure with a retry', async () => {
    stubCloud({ 'staff.item': () => ({ ok: false, code: 'NOT_FOUND', message: '事项不存在或不在您的管辖范围内' }) });
    render(<ItemPage />);
    expect(await screen.findByText('事项不存在或不在您的管辖范围内')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '重试' })).toBeInTheDocument();
  });
});

describe('事项详情: a check-in alert', () => {
  beforeEach(() => resetTaro({ id: 'q_fever_p-1_20261120_am' }));

  /** What `staff.item` returns for a checkin_alert: the item, no persons, 已处理 while it is open. */
  function alertDetail(overrides: Partial<QueueItemDetail['item']> = {}): QueueItemDetail {
    const item = queueItem(5, {
      itemId: 'q_fever_p-1_20261120_am',
      kind: 'checkin_alert',
      refId: 'ci_p-1_20261120_am',
      title: '打卡异常 · 张*',
      summary: '2026-11-20 上午 · 体温 38.2℃、咳嗽',
      priority: 'urgent',
      // 03:00 UTC is 11:00 in Shanghai
      dueAt: '2026-11-20T03:00:00.000Z',
      createdAt: '2026-11-20T01:00:00.000Z',
      ...overrides,
    });
    return { kind: 'checkin_alert', item, persons: [], actions: item.status === 'closed' ? [] : ['acknowledge'] };
  }

  it('shows what the alert says and when it is due, with the roster one tap away', async () => {
    stubCloud({ 'staff.item': () => ok(alertDetail()) });
    render(<ItemPage />);
    expect(await screen.findByText('打卡异常 · 张*')).toBeInTheDocument();
    expect(screen.getByText('2026-11-20 上午 · 体温 38.2℃、咳嗽')).toBeInTheDocument();
    expect(screen.getByText('时限 11-20 11:00')).toBeInTheDocument();
    expect(screen.getByText('2026-11-20 11:00 前')).toBeInTheDocument();
    expect(screen.getByText('紧急')).toBeInTheDocument();
    // no person on the item: nothing to reveal or isolate from here
    expect(screen.queryByText('开始居家隔离')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '隔离人员打卡名单' }));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/staff/pages/roster/index' });
  });

  it('已处理 closes it with the note, then shows it closed', async () => {
    const closed = alertDetail({ status: 'closed' });
    const calls = stubCloud({ 'staff.item': () => ok(alertDetail()), 'staff.acknowledge': () => ok(closed) });
    render(<ItemPage />);
    await screen.findByText('打卡异常 · 张*');
    fireEvent.change(screen.getByPlaceholderText('如：已电话联系，复测体温正常（可不填）'), {
      target: { value: ' 已电话联系，复测36.8℃ ' },
    });
    fireEvent.click(screen.getByRole('button', { name: '已处理' }));
    expect(await screen.findByText('已处理，该提醒已关闭')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'acknowledge').map((c) => c.payload)).toEqual([
      { itemId: 'q_fever_p-1_20261120_am', note: '已电话联系，复测36.8℃' },
    ]);
    expect(screen.queryByRole('button', { name: '已处理' })).not.toBeInTheDocument();
    expect(screen.getByText('已处理', { selector: '.staff-status' })).toBeInTheDocument();
    expect(screen.queryByText('时限 11-20 11:00')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: '隔离人员打卡名单' })).toBeInTheDocument();
  });

  it('the note is optional', async () => {
    const calls = stubCloud({
      'staff.item': () => ok(alertDetail()),
      'staff.acknowledge': () => ok(alertDetail({ status: 'closed' })),
    });
    render(<ItemPage />);
    fireEvent.click(await screen.findByRole('button', { name: '已处理' }));
    expect(await screen.findByText('已处理，该提醒已关闭')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'acknowledge').map((c) => c.payload)).toEqual([{ itemId: 'q_fever_p-1_20261120_am' }]);
  });

  it('handled by someone else meanwhile: shows the message and reloads', async () => {
    let detail = alertDetail();
    const calls = stubCloud({
      'staff.item': () => ok(detail),
      'staff.acknowledge': () => {
        detail = alertDetail({ status: 'closed' });
        return { ok: false, code: 'CONFLICT', message: '该提醒已处理' };
      },
    });
    render(<ItemPage />);
    fireEvent.click(await screen.findByRole('button', { name: '已处理' }));
    expect(await screen.findByText('该提醒已处理')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('button', { name: '已处理' })).not.toBeInTheDocument());
    expect(calls.map((c) => c.action)).toEqual(['item', 'acknowledge', 'item']);
  });
});

describe('事项详情: 转派', () => {
  beforeEach(() => resetTaro({ id: 'qi-r' }));

  const colleagues = [
    { staffId: 'st-li', name: '李网格', role: 'worker' as const, current: true },
    { staffId: 'st-chen', name: '陈网格', role: 'worker' as const, current: false },
    { staffId: 'st-wang', name: '王书记', role: 'admin' as const, current: false },
  ];

  it('offers the colleagues responsible for the address (not the current assignee), sends the pick with the note, and shows the new assignee', async () => {
    const calls = stubCloud({
      'staff.item': () => ok(reportDetail({ assignee: { staffId: 'st-li', name: '李网格' } })),
      'staff.assignees': () => ok(colleagues),
      'staff.reassign': () => ok(reportDetail({ assignee: { staffId: 'st-chen', name: '陈网格' } })),
    });
    render(<ItemPage />);
    expect(await screen.findByText('负责人：李网格')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '转派给同事' }));
    expect(await screen.findByText('陈网格（网格员）')).toBeInTheDocument();
    expect(screen.getByText('王书记（社区管理员）')).toBeInTheDocument();
    expect(screen.queryByText('李网格（网格员）')).not.toBeInTheDocument();

    // a pick is required
    fireEvent.click(screen.getByRole('button', { name: '确认转派' }));
    expect(screen.getByText('请选择接手的工作人员')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'reassign')).toHaveLength(0);

    fireEvent.click(screen.getByText('陈网格（网格员）'));
    fireEvent.input(screen.getByPlaceholderText('需要同事知道的情况（可不填）'), { target: { value: ' 今天我在隔离点值班 ' } });
    fireEvent.click(screen.getByRole('button', { name: '确认转派' }));
    expect(await screen.findByText('已转派，对方会收到通知')).toBeInTheDocument();
    expect(screen.getByText('负责人：陈网格')).toBeInTheDocument();
    expect(screen.queryByText('转派给同事', { selector: '.sheet__title' })).not.toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'reassign').map((c) => c.payload)).toEqual([
      // with the assignee the worker saw: a hand-over by someone else meanwhile wins
      { itemId: 'qi-r', toStaffId: 'st-chen', expectedAssignee: 'st-li', note: '今天我在隔离点值班' },
    ]);
  });

  it('says so when nobody else is responsible for the address', async () => {
    stubCloud({ 'staff.item': () => ok(reportDetail()), 'staff.assignees': () => ok([colleagues[0]]) });
    render(<ItemPage />);
    await screen.findByText('家庭成员（2人）');
    fireEvent.click(screen.getByRole('button', { name: '转派给同事' }));
    expect(await screen.findByText('没有其他负责该地址的在岗同事。')).toBeInTheDocument();
  });

  it('a closed item cannot be handed over', async () => {
    stubCloud({
      'staff.item': () => ok(reportDetail({ item: queueItem(1, { itemId: 'qi-r', refId: 'r-1', status: 'closed' }), actions: [] })),
    });
    render(<ItemPage />);
    await screen.findByText('该事项已处理完毕。');
    expect(screen.queryByRole('button', { name: '转派给同事' })).not.toBeInTheDocument();
  });
});

describe('事项详情: acting fast on an emergency', () => {
  beforeEach(() => resetTaro({ id: 'qi-q' }));

  const emergency = () =>
    requestDetail(
      {
        urgency: 'emergency',
        kind: 'transport',
        details: { kind: 'transport', reason: '胸闷气短', hospital: '市人民医院', pickupAt: '2026-11-20T03:00:00.000Z', companions: 0 },
      },
      { item: queueItem(2, { itemId: 'qi-q', kind: 'request', refId: 'rq-1', title: '就医转运', priority: 'emergency' }) },
    );

  it('puts the call first on screen, calls without a reason, and keeps 不予受理 small and apart', async () => {
    const calls = stubCloud({ 'staff.item': () => ok(emergency()), 'staff.call': () => ok({ phone: PHONE }) });
    render(<ItemPage />);
    const call = await screen.findByRole('button', { name: '拨打电话 张伟' });
    // the first control of the page, before the item's kind, its content and 受理
    const buttons: HTMLElement[] = Array.from(document.querySelectorAll('button'));
    expect(buttons[0]).toBe(call);
    expect(call.closest('.contact')).toHaveClass('contact--urgent');
    expect(within(call.closest('.contact') as HTMLElement).getByText('祥云一区 3号楼 1单元 101')).toBeInTheDocument();
    const accept = screen.getByRole('button', { name: '受理' });
    const reject = screen.getByRole('button', { name: '不予受理' });
    expect(accept).not.toHaveClass('btn--plain');
    expect(reject).toHaveClass('btn--plain');
    expect(reject).toHaveClass('btn--small');
    expect(reject).not.toHaveClass('btn--danger');
    expect(buttons.indexOf(reject)).toBeGreaterThan(buttons.indexOf(accept));

    fireEvent.click(call);
    await waitFor(() => expect(recorded.phoneCalls).toEqual([PHONE]));
    expect(calls.filter((c) => c.action === 'call').map((c) => c.payload)).toEqual([{ itemId: 'qi-q', personId: 'p-1' }]);
  });

  it('a normal item shows the contact after its heading, still with the call', async () => {
    stubCloud({ 'staff.item': () => ok(requestDetail({ urgency: 'normal' }, { item: queueItem(2, { itemId: 'qi-q', kind: 'request', priority: 'normal' }) })) });
    render(<ItemPage />);
    const call = await screen.findByRole('button', { name: '拨打电话 张伟' });
    expect(call.closest('.contact')).not.toHaveClass('contact--urgent');
  });

  it('办结 asks for an optional outcome note the resident will read', async () => {
    const accepted = requestDetail({ status: 'accepted', canCancel: false }, { actions: ['start', 'complete', 'reject', 'escalate'] });
    const done = requestDetail({ status: 'done', canCancel: false }, { actions: [] });
    const calls = stubCloud({ 'staff.item': () => ok(accepted), 'staff.requestAction': () => ok(done) });
    render(<ItemPage />);
    fireEvent.click(await screen.findByRole('button', { name: '办结' }));
    expect(screen.getByText('写下办理结果，居民会在求助进度中看到。')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'requestAction')).toHaveLength(0);
    fireEvent.change(screen.getByPlaceholderText('如：药已送到家门口，已电话告知（可不填）'), { target: { value: ' 物资已送到门口 ' } });
    fireEvent.click(screen.getByRole('button', { name: '确认办结' }));
    expect(await screen.findByText('已办结，居民会看到“已完成”')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'requestAction').map((c) => c.payload)).toEqual([
      { itemId: 'qi-q', action: 'complete', note: '物资已送到门口' },
    ]);
  });

  it('a check-in alert names the person and address, with the call and 查看隔离', async () => {
    resetTaro({ id: 'q_fever_p-1_20261120_am' });
    const item = queueItem(5, {
      itemId: 'q_fever_p-1_20261120_am',
      kind: 'checkin_alert',
      refId: 'ci_p-1_20261120_am',
      title: '打卡异常 · 张*',
      summary: '2026-11-20 上午 · 体温 38.2℃、咳嗽',
      priority: 'urgent',
    });
    stubCloud({
      'staff.item': () =>
        ok({
          kind: 'checkin_alert',
          item,
          address: '祥云一区 3号楼 1单元 101',
          persons: [{ personId: 'p-1', name: '张伟', idMasked: '110105********0011', phoneMasked: maskPhone(PHONE), status: 'home_isolation', isolationId: 'iso-1' }],
          actions: ['acknowledge'],
        }),
      'staff.call': () => ok({ phone: PHONE }),
    });
    render(<ItemPage />);
    const call = await screen.findByRole('button', { name: '拨打电话 张伟' });
    expect(Array.from(document.querySelectorAll('button'))[0]).toBe(call);
    expect(within(call.closest('.contact') as HTMLElement).getByText('祥云一区 3号楼 1单元 101')).toBeInTheDocument();
    expect(within(call.closest('.contact') as HTMLElement).getByText(`打卡人 · ${maskPhone(PHONE)}`)).toBeInTheDocument();
    fireEvent.click(within(personCard('张伟')).getByText('查看隔离'));
    expect(lastNavigation()).toEqual({
      kind: 'navigateTo',
      url: `/staff/pages/isolation/index?isolationId=iso-1&personId=p-1&name=${encodeURIComponent('张伟')}`,
    });
  });
});
