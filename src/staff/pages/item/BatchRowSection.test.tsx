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
});
