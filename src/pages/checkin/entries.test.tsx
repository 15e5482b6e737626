/** The ways into the check-in page: the banner on the 报备 tab and the entry on 我的. */
import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ok, stubCloud } from '../../test/cloudStub';
import { buildingPlace, householdView } from '../../test/fixtures';
import { lastNavigation, resetTaro, triggerDidShow } from '../../test/taroMock';
import MePage from '../me/index';
import ReportEntryPage from '../report/index';
import { freezeClock, MORNING, person, slot, today } from './testFixtures';

jest.mock('../../services/cloud', () => ({ callCloud: jest.fn() }));

describe('check-in banner on 报备', () => {
  beforeEach(() => freezeClock(MORNING));
  afterEach(() => jest.useRealTimers());

  it('counts the persons still to check in for the current slot and opens the check-in page', async () => {
    resetTaro();
    stubCloud({
      'report.myHousehold': () => ok(householdView()),
      'checkin.today': () =>
        ok(
          today([
            person(),
            person({ personId: 'p-1', slots: [slot('am', 'missing'), slot('pm', 'pending')] }),
            person({ personId: 'p-2', slots: [slot('am', 'done', 36.5), slot('pm', 'pending')] }),
          ]),
        ),
    });
    render(<ReportEntryPage />);
    fireEvent.click(await screen.findByText('今日健康打卡：还有 2 人未打卡'));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/pages/checkin/index' });
    expect(screen.getByText('我的家庭')).toBeInTheDocument();
  });

  it('goes away once everyone has checked in (shown again)', async () => {
    resetTaro();
    let persons = [person()];
    stubCloud({ 'report.myHousehold': () => ok(householdView()), 'checkin.today': () => ok(today(persons)) });
    render(<ReportEntryPage />);
    expect(await screen.findByText('今日健康打卡：还有 1 人未打卡')).toBeInTheDocument();
    persons = [person({ slots: [slot('am', 'fever', 38.2), slot('pm', 'pending')] })];
    triggerDidShow();
    await waitFor(() => expect(screen.queryByText(/今日健康打卡/)).not.toBeInTheDocument());
  });

  it('asks nothing about check-ins without a household, nor when a QR code was scanned', async () => {
    resetTaro();
    const calls = stubCloud({ 'report.myHousehold': () => ok(null) });
    render(<ReportEntryPage />);
    expect(await screen.findByText('请扫描社区或楼栋二维码')).toBeInTheDocument();
    expect(calls.map((c) => `${c.name}.${c.action}`)).toEqual(['report.myHousehold']);
  });

  it('does not get in the way of the QR entry', async () => {
    resetTaro({ code: 'BDG234' });
    const calls = stubCloud({ 'place.resolve': () => ok(buildingPlace) });
    render(<ReportEntryPage />);
    fireEvent.click(await screen.findByRole('button', { name: '开始报备' }));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/pages/report/form?code=BDG234' });
    expect(calls.map((c) => `${c.name}.${c.action}`)).toEqual(['place.resolve']);
  });

  it('hides the banner when the check-in call fails', async () => {
    resetTaro();
    stubCloud({
      'report.myHousehold': () => ok(householdView()),
      'checkin.today': () => ({ ok: false, code: 'NETWORK', message: '网络异常，请检查网络后重试' }),
    });
    render(<ReportEntryPage />);
    expect(await screen.findByText('我的家庭')).toBeInTheDocument();
    expect(screen.queryByText(/今日健康打卡/)).not.toBeInTheDocument();
    expect(screen.queryByText('网络异常，请检查网络后重试')).not.toBeInTheDocument();
  });
});

describe('每日健康打卡 on 我的', () => {
  it('opens the check-in page from the household', async () => {
    resetTaro();
    stubCloud({
      'staff.me': () => ok(null),
      'report.myHousehold': () => ok(householdView()),
      'report.myReports': () => ok({ items: [], nextCursor: null }),
    });
    render(<MePage />);
    fireEvent.click(await screen.findByText('每日健康打卡'));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/pages/checkin/index' });
  });

  it('keeps the 工作台 card for staff next to it', async () => {
    resetTaro();
    stubCloud({
      'staff.me': () => ok({ staffId: 'st-1', name: '李网格', role: 'worker', scope: [{ id: 'g-1', name: '第一网格', level: 'grid' }] }),
      'report.myHousehold': () => ok(householdView()),
      'report.myReports': () => ok({ items: [], nextCursor: null }),
    });
    render(<MePage />);
    expect(await screen.findByText('工作台')).toBeInTheDocument();
    expect(screen.getByText('每日健康打卡')).toBeInTheDocument();
  });
});
