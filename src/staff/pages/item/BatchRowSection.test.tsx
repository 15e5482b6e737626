import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { QueueItemDetailOf } from '../../../domain';
import { ok, stubCloud } from '../../../test/cloudStub';
import { resetTaro } from '../../../test/taroMock';
import { queueItem } from '../../shared/testFixtures';
import ItemPage from './index';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

const detail: QueueItemDetailOf<'batch_row'> = {
  kind: 'batch_row',
  item: queueItem(1, { kind: 'batch_row', title: '上级核查 机场专项', summary: '张* · 区疫情防控指挥部' }),
  persons: [],
  actions: ['batch_pass', 'batch_outcome'],
  row: {
    rowId: 'br_1',
    batchId: 'bt_1',
    rowNumber: 3,
    duplicateRows: [],
    name: '张三',
    idMasked: '110105********0011',
    phoneMasked: '138****1111',
    address: '祥云一区3号楼2单元301',
    errors: [],
    state: 'dispatched',
    passes: [{ kind: 'check', at: '2026-11-20T02:00:00.000Z', staffId: null, staffName: '系统', note: '一人一档中没有此人' }],
    earlier: { batchId: 'bt_0', subject: '高铁专项', source: '市公安局', state: 'closed', outcome: 'left', at: '2026-11-19T02:00:00.000Z' },
    subject: '机场专项',
    source: '区疫情防控指挥部',
    deadline: '2026-11-21T10:00:00.000Z',
    columns: [
      { header: '姓名', value: '张三' },
      { header: '身份证号码', value: '110105********0011' },
      { header: '核酸情况', value: '阴性' },
    ],
  },
};

describe('事项详情: a row of an upper-level batch', () => {
  beforeEach(() => resetTaro({ id: 'q_br_1' }));

  it('shows the batch, every original column masked, an earlier batch and the passes so far', async () => {
    stubCloud({ 'staff.item': () => ok(detail) });
    render(<ItemPage />);
    expect(await screen.findByText('上级数据')).toBeInTheDocument();
    expect(screen.getByText('区疫情防控指挥部')).toBeInTheDocument();
    expect(screen.getByText('核酸情况')).toBeInTheDocument();
    expect(screen.getByText('阴性')).toBeInTheDocument();
    expect(screen.getByText('此人已在「高铁专项」（市公安局）中核查过：已离开')).toBeInTheDocument();
    expect(screen.getByText('11-20 10:00 · 一人一档中没有此人 · 系统')).toBeInTheDocument();
    expect(screen.getByText('祥云一区3号楼2单元301')).toBeInTheDocument();
  });

  it('records 电话核查 and the outcome, then shows the item again', async () => {
    const calls = stubCloud({
      'staff.item': () => ok(detail),
      'batch.pass': () => ok(detail.row),
      'batch.outcome': () => ok(detail.row),
    });
    render(<ItemPage />);
    await screen.findByText('核查');
    fireEvent.click(screen.getByText('已接通'));
    fireEvent.click(screen.getByText('记录电话核查'));
    await waitFor(() => expect(calls.filter((c) => c.action === 'item')).toHaveLength(2));
    expect(calls.find((c) => c.action === 'pass')?.payload).toEqual({ rowId: 'br_1', kind: 'phone', phoneOutcome: 'reached' });
    fireEvent.click(await screen.findByText('查无此人'));
    fireEvent.click(screen.getByText('提交核查结果'));
    await waitFor(() => expect(calls.find((c) => c.action === 'outcome')?.payload).toEqual({ rowId: 'br_1', outcome: 'not_found' }));
  });

  const unknownDetail: QueueItemDetailOf<'batch_row'> = {
    ...detail,
    row: {
      ...detail.row,
      filing: { buildingId: 'pl_b', buildingName: '3号楼', place: '祥云一区 3号楼', units: [{ name: '1单元', floors: 6, roomsPerFloor: 2 }, { name: '2单元', floors: 6, roomsPerFloor: 3 }], unit: '2单元', room: '301', known: false, needsId: false, hasPhone: true },
      together: [
        { rowId: 'br_2', rowNumber: 4, name: '张四', state: 'dispatched', by: 'address', known: false, needsId: true },
        { rowId: 'br_3', rowNumber: 5, name: '张五', state: 'closed', by: 'address', known: false, needsId: false, refusal: '已办结' },
      ],
    },
  };

  it('纳管 of a person 一人一档 does not know: the room as the list reads it, and the worker confirms the person was told', async () => {
    const calls = stubCloud({ 'staff.item': () => ok(unknownDetail), 'batch.outcome': () => ok(detail.row) });
    render(<ItemPage />);
    fireEvent.click(await screen.findByText('纳管'));
    expect(screen.getByText('建档（一人一档中没有：张三）')).toBeInTheDocument();
    expect(screen.getByText('祥云一区 3号楼')).toBeInTheDocument();
    expect(screen.getByDisplayValue('301')).toBeInTheDocument();
    fireEvent.click(screen.getByText('纳管并开始居家隔离'));
    expect(await screen.findByText('请先告知本人并勾选')).toBeInTheDocument();
    expect(calls.find((c) => c.action === 'outcome')).toBeUndefined();
    fireEvent.click(screen.getByText('已告知本人：其信息将登记到社区一人一档'));
    fireEvent.click(screen.getByText('纳管并开始居家隔离'));
    await waitFor(() => expect(calls.find((c) => c.action === 'outcome')).toBeDefined());
    expect(calls.find((c) => c.action === 'outcome')?.payload).toEqual({
      rowId: 'br_1',
      outcome: 'managed',
      isolation: { kind: 'home_isolation', startDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), plannedDays: 14, reason: '上级核查：机场专项' },
      filing: { unit: '2单元', room: '301', informed: true, members: [] },
    });
  });

  it('rows of the same room picked together: one pass for each, the answer row by row; a closed row cannot be picked', async () => {
    const calls = stubCloud({
      'staff.item': () => ok(unknownDetail),
      'batch.passRows': () => ok({ done: 1, results: [{ rowId: 'br_1', name: '张三', ok: true }, { rowId: 'br_2', name: '张四', ok: false, code: 'BATCH_ROW_CLOSED', message: '该行已办结（可能刚由其他工作人员提交），未再修改' }] }),
    });
    render(<ItemPage />);
    expect(await screen.findByText('同户核查（已选1/2人）')).toBeInTheDocument();
    expect(screen.getByText('已办结')).toBeInTheDocument();
    fireEvent.click(screen.getByText('张四 · 同一房间 · 未建档'));
    expect(screen.getByText('同户核查（已选2/2人）')).toBeInTheDocument();
    fireEvent.click(screen.getByText('未接通'));
    fireEvent.click(screen.getByText('记录电话核查（2人）'));
    await waitFor(() => expect(calls.find((c) => c.action === 'passRows')?.payload).toEqual({ rowIds: ['br_1', 'br_2'], kind: 'phone', phoneOutcome: 'not_reached' }));
    expect(await screen.findByText('一起处理：1/2人已记录')).toBeInTheDocument();
    expect(screen.getByText('张四：该行已办结（可能刚由其他工作人员提交），未再修改')).toBeInTheDocument();
    // 纳管 of both: 张四's ID is asked for
    fireEvent.click(screen.getByText('张四 · 同一房间 · 未建档'));
    fireEvent.click(screen.getByText('纳管'));
    expect(screen.getByText('建档（一人一档中没有：张三、张四）')).toBeInTheDocument();
    expect(screen.getByText('张四的身份证号')).toBeInTheDocument();
  });
});
