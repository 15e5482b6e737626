import '@testing-library/jest-dom';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { type BatchRowView, type Page, type Result } from '../../../domain';
import { ok, stubCloud } from '../../../test/cloudStub';
import { lastNavigation, resetTaro } from '../../../test/taroMock';
import BatchRowsPage from './index';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

function row(n: number, over: Partial<BatchRowView> = {}): BatchRowView {
  return {
    rowId: `row-${n}`,
    batchId: 'b1',
    rowNumber: n + 1,
    duplicateRows: [],
    name: `周${n}`,
    phoneMasked: '138****0001',
    address: `祥云一区3号楼2单元${300 + n}`,
    errors: [],
    state: 'dispatched',
    itemId: `item-${n}`,
    passes: [{ kind: 'phone', staffId: 's1', staffName: '王网格', at: '2026-12-01T02:05:00.000Z', phoneOutcome: 'reached' } as never],
    ...over,
  };
}

/** `batch.stageRows` over a fixed list, cursor = offset */
const pager =
  (all: readonly BatchRowView[], size: number) =>
  (p: { cursor: string | null }): Result<Page<BatchRowView>> => {
    const offset = p.cursor ? Number(p.cursor) : 0;
    return ok({ items: all.slice(offset, offset + size), nextCursor: offset + size < all.length ? String(offset + size) : null });
  };

describe('核查记录 at one pass (a dashboard number)', () => {
  it('asks for the pass and place of the link, lists each row with what was done, and pages on', async () => {
    resetTaro({ stage: 'phone', placeId: 'g1', title: encodeURIComponent('电话核查 · 第一网格') });
    const all = [row(1), row(2), row(3)];
    const calls = stubCloud({ 'batch.stageRows': pager(all, 2) });
    render(<BatchRowsPage />);
    expect(await screen.findByText('周1')).toBeInTheDocument();
    expect(screen.getByText('电话核查 · 第一网格')).toBeInTheDocument();
    expect(screen.getByText('祥云一区3号楼2单元301')).toBeInTheDocument();
    expect(screen.getAllByText('电话核查 12月1日 10:05')).toHaveLength(2);
    expect(calls[0].payload).toEqual({ stage: 'phone', placeId: 'g1', cursor: null });
    expect(screen.queryByText('周3')).toBeNull();
    await act(async () => void fireEvent.click(screen.getByText('加载更多')));
    expect(await screen.findByText('周3')).toBeInTheDocument();
    expect(calls[calls.length - 1].payload).toEqual({ stage: 'phone', placeId: 'g1', cursor: '2' });
    expect(screen.getByText('已全部显示（3条）')).toBeInTheDocument();
    fireEvent.click(screen.getByText('周2'));
    expect(lastNavigation()!.url).toBe('/staff/pages/item/index?id=item-2');
  });

  it('says so when no row is at that pass, and shows the function’s error with 重试', async () => {
    resetTaro({ stage: 'daily' });
    stubCloud({ 'batch.stageRows': () => ok({ items: [], nextCursor: null }) });
    render(<BatchRowsPage />);
    expect(await screen.findByText('没有这一环节的核查记录')).toBeInTheDocument();
    resetTaro({ stage: 'check', placeId: 'g9' });
    stubCloud({ 'batch.stageRows': () => ({ ok: false, code: 'NOT_FOUND', message: '地点不存在或不在您的管辖范围内' }) });
    render(<BatchRowsPage />);
    expect(await screen.findByText('地点不存在或不在您的管辖范围内')).toBeInTheDocument();
    expect(screen.getByText('重试')).toBeInTheDocument();
  });

  it('a link without a pass is refused on the page, without asking the function', async () => {
    resetTaro({ stage: 'audit' });
    const calls = stubCloud({});
    render(<BatchRowsPage />);
    expect(await screen.findByText('链接不完整：缺少核查环节，请从数据看板重新打开')).toBeInTheDocument();
    expect(calls).toEqual([]);
  });
});
