import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ok, stubCloud } from '../../test/cloudStub';
import { buildingPlace, communityPlace, householdView } from '../../test/fixtures';
import { lastNavigation, resetTaro } from '../../test/taroMock';
import ReportEntryPage from './index';

jest.mock('../../services/cloud', () => ({ callCloud: jest.fn() }));

describe('报备 entry', () => {
  it('resolves a building code, remembers it and starts the form', async () => {
    resetTaro({ code: 'bdg234' });
    const calls = stubCloud({ 'place.resolve': () => ok(buildingPlace) });
    render(<ReportEntryPage />);
    expect(await screen.findByText('祥云社区')).toBeInTheDocument();
    expect(screen.getByText('祥云一区 3号楼')).toBeInTheDocument();
    expect(calls[0].payload).toEqual({ code: 'BDG234' });
    expect(Taro.getStorageSync('gridlink.lastPlaceCode')).toBe('BDG234');

    fireEvent.click(screen.getByRole('button', { name: '开始报备' }));
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/pages/report/form?code=BDG234' });
  });

  it('reads the code from the scene of a mini-program code', async () => {
    resetTaro({ scene: encodeURIComponent('code=CMN234') });
    const calls = stubCloud({ 'place.resolve': () => ok(communityPlace) });
    render(<ReportEntryPage />);
    expect(await screen.findByText('祥云社区')).toBeInTheDocument();
    expect(screen.queryByText('楼栋')).not.toBeInTheDocument();
    expect(calls[0].payload).toEqual({ code: 'CMN234' });
  });

  it("shows the server's message for a code it does not know", async () => {
    resetTaro({ code: 'ZZZ234' });
    stubCloud({ 'place.resolve': () => ({ ok: false, code: 'PLACE_CODE_INVALID', message: '二维码无效或已过期，请重新扫描社区二维码' }) });
    render(<ReportEntryPage />);
    expect(await screen.findByText('二维码无效或已过期，请重新扫描社区二维码')).toBeInTheDocument();
  });

  it('a rotated code says it was replaced and where the new one is, offers no form, and is not offered again', async () => {
    resetTaro({ code: 'XYW234' });
    const message = '该二维码已更换，不能再用于报备。请扫描张贴在祥云社区 祥云一区 3号楼的单元门口的新二维码，或向网格员李网格（13800000001）索取。';
    stubCloud({ 'place.resolve': () => ({ ok: false, code: 'PLACE_CODE_REPLACED', message }) });
    render(<ReportEntryPage />);
    expect(await screen.findByText('二维码已更换')).toBeInTheDocument();
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '开始报备' })).not.toBeInTheDocument();
    expect(Taro.getStorageSync('gridlink.lastPlaceCode')).toBe('');
  });

  it('without a code, shows the household filed before with 更新报备', async () => {
    resetTaro();
    stubCloud({ 'report.myHousehold': () => ok(householdView()) });
    render(<ReportEntryPage />);
    fireEvent.click(await screen.findByRole('button', { name: '更新报备' }));
    expect(screen.getByText('张小宝')).toBeInTheDocument();
    expect(lastNavigation()).toEqual({ kind: 'navigateTo', url: '/pages/report/form?communityId=c-1&buildingId=b-3' });
  });

  it('without a code or a household, asks to scan', async () => {
    resetTaro();
    stubCloud({ 'report.myHousehold': () => ok(null) });
    render(<ReportEntryPage />);
    expect(await screen.findByText('请扫描社区或楼栋二维码')).toBeInTheDocument();
    // the scan button is WeChat only
    expect(screen.queryByRole('button', { name: '扫一扫' })).not.toBeInTheDocument();
  });
});
