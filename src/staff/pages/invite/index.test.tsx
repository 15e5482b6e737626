import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { type PlaceRef } from '../../../domain';
import { ok, stubCloud } from '../../../test/cloudStub';
import { recorded, resetTaro } from '../../../test/taroMock';
import { adminProfile, community, workerProfile } from '../../shared/testFixtures';
import InvitePage from './index';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

const areas: PlaceRef[] = [
  { id: 'a-1', name: '东片区', level: 'area' },
  { id: 'a-2', name: '西片区', level: 'area' },
];
const grids: PlaceRef[] = [
  { id: 'g-1', name: '第一网格', level: 'grid' },
  { id: 'g-2', name: '第二网格', level: 'grid' },
];
const children: Record<string, PlaceRef[]> = { root: [community], 'c-1': areas, 'a-1': grids };

function checkbox(name: string): HTMLElement {
  return screen.getByText(name, { selector: '.scope__name' });
}

describe('邀请工作人员', () => {
  beforeEach(() => resetTaro());

  it('drills down to grids, creates the invite, shows the code and copies the link', async () => {
    const calls = stubCloud({
      'staff.me': () => ok(adminProfile),
      'staff.places': (p: { parentId?: string }) => ok(children[p.parentId ?? 'root'] ?? []),
      'staff.createInvite': () =>
        ok({ inviteCode: 'K7PQ2M9X', role: 'worker', name: '赵网格', scope: [grids[1]], expiresAt: '2026-11-23T02:00:00.000Z' }),
    });
    render(<InvitePage />);

    fireEvent.click(await screen.findByText('下级 ›'));
    expect(await screen.findByText('东片区')).toBeInTheDocument();
    fireEvent.click(screen.getAllByText('下级 ›')[0]);
    fireEvent.click(await screen.findByText('第二网格'));
    expect(screen.getByText('第二网格', { selector: '.scope__pill span' })).toBeInTheDocument();
    // the breadcrumb goes back up
    expect(screen.getByText('› 东片区')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: '生成邀请' }));
    expect(screen.getByText('请填写姓名')).toBeInTheDocument();
    fireEvent.change(screen.getByPlaceholderText('请输入姓名'), { target: { value: ' 赵网格 ' } });
    fireEvent.change(screen.getByPlaceholderText('工作手机号（可不填）'), { target: { value: '1390000' } });
    fireEvent.click(screen.getByRole('button', { name: '生成邀请' }));
    expect(screen.getByText('手机号应为以1开头的11位数字')).toBeInTheDocument();
    fireEvent.change(screen.getByPlaceholderText('工作手机号（可不填）'), { target: { value: '13900002222' } });
    fireEvent.click(screen.getByText('7天'));
    fireEvent.click(screen.getByRole('button', { name: '生成邀请' }));

    expect(await screen.findByText('K7PQ2M9X')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'createInvite').map((c) => c.payload)).toEqual([
      { role: 'worker', name: '赵网格', workPhone: '13900002222', scope: ['g-2'], expiresInHours: 168 },
    ]);
    expect(calls.filter((c) => c.action === 'places').map((c) => c.payload)).toEqual([{}, { parentId: 'c-1' }, { parentId: 'a-1' }]);
    expect(screen.getByText('仅可使用一次，2026-11-23 10:00 前有效')).toBeInTheDocument();
    // the mini-program path (on H5 the full URL: see services/staff.test.ts)
    const link = '/staff/pages/join/index?code=K7PQ2M9X';
    expect(screen.getByText(link)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '复制邀请链接' }));
    await waitFor(() => expect(recorded.clipboard).toEqual([link]));
    expect(await screen.findByRole('button', { name: '已复制，可粘贴发送' })).toBeInTheDocument();
  });

  it('asks for at least one place', async () => {
    const calls = stubCloud({ 'staff.me': () => ok(adminProfile), 'staff.places': () => ok([community]) });
    render(<InvitePage />);
    fireEvent.change(await screen.findByPlaceholderText('请输入姓名'), { target: { value: '赵网格' } });
    fireEvent.click(screen.getByRole('button', { name: '生成邀请' }));
    expect(screen.getByText('请至少选择一个负责区域')).toBeInTheDocument();
    // ticking and unticking a place
    fireEvent.click(checkbox('祥云社区'));
    fireEvent.click(screen.getByText('祥云社区', { selector: '.scope__pill span' }));
    expect(screen.queryByText('祥云社区', { selector: '.scope__pill span' })).not.toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'createInvite')).toHaveLength(0);
  });

  it('is for admins only', async () => {
    stubCloud({ 'staff.me': () => ok(workerProfile), 'staff.places': () => ok([]) });
    render(<InvitePage />);
    expect(await screen.findByText('仅社区管理员可以邀请工作人员')).toBeInTheDocument();
  });
});
