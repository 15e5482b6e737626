import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import { ok, stubCloud } from '../../test/cloudStub';
import { gridWorker, householdView, reportView } from '../../test/fixtures';
import { recorded, resetTaro } from '../../test/taroMock';
import ReceiptPage from './receipt';

jest.mock('../../services/cloud', () => ({ callCloud: jest.fn() }));

describe('receipt', () => {
  it('after a reload, finds the report among my reports and shows the grid worker with a call button', async () => {
    resetTaro({ reportId: 'r-3' });
    const calls = stubCloud({
      'report.myReports': (p: { cursor?: string | null }) =>
        ok(p.cursor ? { items: [reportView(3)], nextCursor: null } : { items: [reportView(1), reportView(2)], nextCursor: 'c2' }),
      'report.myHousehold': () => ok(householdView()),
    });
    render(<ReceiptPage />);

    expect(await screen.findByText('报备成功')).toBeInTheDocument();
    expect(screen.getByText('成员3')).toBeInTheDocument();
    expect(screen.getByText('返回人员')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'myReports')).toHaveLength(2);

    expect(screen.getByText(gridWorker.name)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '拨打电话' }));
    expect(recorded.phoneCalls).toEqual([gridWorker.workPhone]);
  });

  it('has no call button when the grid worker has no work phone', async () => {
    resetTaro({ reportId: 'r-1' });
    stubCloud({
      'report.myReports': () => ok({ items: [reportView(1)], nextCursor: null }),
      'report.myHousehold': () => ok(householdView({ gridWorker: { name: '王网格' } })),
    });
    render(<ReceiptPage />);
    expect(await screen.findByText('王网格')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '拨打电话' })).not.toBeInTheDocument();
  });

  it('leads to 我的 and back home', async () => {
    resetTaro({ reportId: 'r-1' });
    stubCloud({ 'report.myReports': () => ok({ items: [reportView(1)], nextCursor: null }), 'report.myHousehold': () => ok(null) });
    render(<ReceiptPage />);
    fireEvent.click(await screen.findByRole('button', { name: '查看我的报备' }));
    fireEvent.click(screen.getByRole('button', { name: '返回首页' }));
    expect(recorded.navigations).toEqual([
      { kind: 'switchTab', url: '/pages/me/index' },
      { kind: 'switchTab', url: '/pages/report/index' },
    ]);
  });

  it('says so when the report cannot be found', async () => {
    resetTaro({ reportId: 'r-404' });
    stubCloud({ 'report.myReports': () => ok({ items: [], nextCursor: null }), 'report.myHousehold': () => ok(null) });
    render(<ReceiptPage />);
    expect(await screen.findByText('未找到这次报备的回执，请在「我的」中查看')).toBeInTheDocument();
  });
});
