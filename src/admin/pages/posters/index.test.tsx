import '@testing-library/jest-dom';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { type PlaceCodeView } from '../../../domain';
import { ok, stubCloud } from '../../../test/cloudStub';
import { resetTaro } from '../../../test/taroMock';
import PostersPage from './index';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

const place = (id: string, name: string, level: PlaceCodeView['level'], code: string): PlaceCodeView => ({
  id,
  name,
  level,
  code,
  rotatable: level === 'community' || level === 'building',
  poster: level === 'building' || level === 'community' ? 'single' : 'bundle',
  hasChildren: level !== 'building',
});
const community = place('pl-c', '祥云社区', 'community', 'CMN234');
const compound = place('pl-x', '祥云一区', 'compound', 'CPD234');
const building = place('pl-b', '3号楼', 'building', 'BDG234');

describe('二维码与海报', () => {
  beforeEach(() => resetTaro());

  it("shows every place's code, opens a compound, downloads its posters and rotates a building's code after a confirm", async () => {
    const calls = stubCloud({
      'poster.codes': (p: { parentId?: string }) =>
        ok(
          !p.parentId
            ? { items: [community], nextCursor: null, parent: null }
            : p.parentId === 'pl-c'
              ? { items: [compound], nextCursor: null, parent: community }
              : { items: [building], nextCursor: null, parent: compound },
        ),
      'poster.poster': () => ok({ fileId: 'cloud://x/y.pdf', url: 'http://files/y.pdf', expiresAt: '', name: '祥云社区-祥云一区-二维码海报.pdf', size: 150_000, pages: 4 }),
      'poster.rotateCode': () => ok({ ...building, code: 'NEW234', retiredCode: 'BDG234' }),
    });
    render(<PostersPage />);
    expect(await screen.findByText('CMN234')).toBeInTheDocument();
    fireEvent.click(screen.getByText('祥云社区 ›'));
    fireEvent.click(await screen.findByText('祥云一区 ›'));
    expect(await screen.findByText('BDG234')).toBeInTheDocument();

    // the compound opened: its own card offers every building's posters in one PDF
    fireEvent.click(screen.getByRole('button', { name: '下载祥云一区全部楼栋海报' }));
    expect(await screen.findByText('海报已生成：祥云一区')).toBeInTheDocument();
    expect(screen.getByText('共 4 页 A4，146 KB；链接 10 分钟内有效')).toBeInTheDocument();
    expect(calls.find((c) => c.action === 'poster')?.payload).toEqual({ placeId: 'pl-x' });

    fireEvent.click(screen.getByRole('button', { name: '更换二维码' }));
    expect(screen.getByText('更换3号楼的二维码？')).toBeInTheDocument();
    expect(calls.some((c) => c.action === 'rotateCode')).toBe(false);
    // no reason yet: asked for one, nothing rotated
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '确认更换' }));
    });
    expect(screen.getByText('请选择或填写更换原因')).toBeInTheDocument();
    expect(calls.some((c) => c.action === 'rotateCode')).toBe(false);
    fireEvent.click(screen.getByText('二维码外泄'));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '确认更换' }));
    });
    expect(calls.find((c) => c.action === 'rotateCode')?.payload).toEqual({ placeId: 'pl-b', code: 'BDG234', reason: '二维码外泄' });
    expect(await screen.findByText('NEW234')).toBeInTheDocument();
    expect(screen.getByText('3号楼的二维码已更换：旧码 BDG234 已停用，新码 NEW234。请下载新海报，替换张贴的旧海报。')).toBeInTheDocument();
  });

  it('tells a worker the page is for admins', async () => {
    stubCloud({ 'poster.codes': () => ({ ok: false, code: 'FORBIDDEN', message: '仅限社区管理员操作' }) });
    render(<PostersPage />);
    expect(await screen.findByText('仅社区管理员可以查看二维码和下载海报')).toBeInTheDocument();
  });
});
