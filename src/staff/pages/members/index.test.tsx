import '@testing-library/jest-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { type StaffMemberView } from '../../../domain';
import { ok, stubCloud } from '../../../test/cloudStub';
import { resetTaro } from '../../../test/taroMock';
import { adminProfile, community, grid1, workerProfile } from '../../shared/testFixtures';
import MembersPage from './index';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

const admin: StaffMemberView = { staffId: adminProfile.staffId, name: '王书记', role: 'admin', scope: [community], active: true };
const worker = (n: number, active = true): StaffMemberView => ({
  staffId: `st-w${n}`,
  name: `网格员${n}`,
  role: 'worker',
  scope: [grid1],
  workPhone: '13900001111',
  active,
});

function card(name: string): HTMLElement {
  return screen.getByText(name).closest('.staffer') as HTMLElement;
}

describe('工作人员', () => {
  beforeEach(() => resetTaro());

  it('lists staff page by page; deactivation is confirmed first, reactivation is direct', async () => {
    const pages: Record<string, { items: StaffMemberView[]; nextCursor: string | null }> = {
      first: { items: [admin, worker(1)], nextCursor: 'c2' },
      c2: { items: [worker(2, false)], nextCursor: null },
    };
    const calls = stubCloud({
      'staff.me': () => ok(adminProfile),
      'staff.listStaff': (p: { cursor?: string | null }) => ok(pages[p.cursor ?? 'first']),
      'staff.updateStaff': (p: { staffId: string; active: boolean }) =>
        ok({ ...(p.staffId === 'st-w1' ? worker(1) : worker(2)), active: p.active }),
    });
    render(<MembersPage />);

    expect(await screen.findByText('网格员1')).toBeInTheDocument();
    // no button to deactivate oneself
    expect(within(card('王书记')).queryByRole('button')).not.toBeInTheDocument();
    expect(within(card('网格员1')).getByText('在岗')).toBeInTheDocument();
    expect(within(card('网格员1')).getByText('负责：第一网格')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    expect(await screen.findByText('网格员2')).toBeInTheDocument();
    expect(within(card('网格员2')).getByText('已停用')).toBeInTheDocument();

    fireEvent.click(within(card('网格员1')).getByRole('button', { name: '停用' }));
    expect(screen.getByText('停用网格员1？')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'updateStaff')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: '确认停用' }));
    expect(await screen.findByText('已停用 网格员1，其将无法再使用工作台')).toBeInTheDocument();
    expect(within(card('网格员1')).getByText('已停用')).toBeInTheDocument();

    fireEvent.click(within(card('网格员2')).getByRole('button', { name: '启用' }));
    expect(await screen.findByText('已启用 网格员2')).toBeInTheDocument();
    expect(within(card('网格员2')).getByText('在岗')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'updateStaff').map((c) => c.payload)).toEqual([
      { staffId: 'st-w1', active: false },
      { staffId: 'st-w2', active: true },
    ]);
    expect(calls.filter((c) => c.action === 'listStaff').map((c) => c.payload)).toEqual([{ cursor: null }, { cursor: 'c2' }]);
  });

  it('shows a refusal from the server', async () => {
    stubCloud({
      'staff.me': () => ok(adminProfile),
      'staff.listStaff': () => ok({ items: [worker(1)], nextCursor: null }),
      'staff.updateStaff': () => ({ ok: false, code: 'FORBIDDEN', message: '无权进行此操作' }),
    });
    render(<MembersPage />);
    fireEvent.click(
      within(await screen.findByText('网格员1').then((e) => e.closest('.staffer') as HTMLElement)).getByRole('button', { name: '停用' }),
    );
    fireEvent.click(screen.getByRole('button', { name: '确认停用' }));
    expect(await screen.findByText('无权进行此操作')).toBeInTheDocument();
    expect(within(card('网格员1')).getByText('在岗')).toBeInTheDocument();
  });

  it('is for admins only', async () => {
    stubCloud({
      'staff.me': () => ok(workerProfile),
      'staff.listStaff': () => ({ ok: false, code: 'FORBIDDEN', message: '无权进行此操作' }),
    });
    render(<MembersPage />);
    expect(await screen.findByText('仅社区管理员可以管理工作人员')).toBeInTheDocument();
  });

  it('changes a member’s role after picking it and confirming; the card shows the new role', async () => {
    const calls = stubCloud({
      'staff.me': () => ok(adminProfile),
      'staff.listStaff': () => ok({ items: [admin, worker(1)], nextCursor: null }),
      'staff.updateStaff': (p: { staffId: string; role: StaffMemberView['role'] }) => ok({ ...worker(1), role: p.role }),
    });
    render(<MembersPage />);
    fireEvent.click(within(await screen.findByText('网格员1').then((e) => e.closest('.staffer') as HTMLElement)).getByRole('button', { name: '更改角色' }));
    expect(screen.getByText('更改网格员1的角色')).toBeInTheDocument();
    // the current role: nothing to confirm yet
    expect(screen.getByRole('button', { name: '确认更改' })).toBeDisabled();
    fireEvent.click(screen.getByText('调度员'));
    expect(screen.getByText(/调度员：在数据台导入上级核查名单/)).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'updateStaff')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: '确认更改' }));
    expect(await screen.findByText('网格员1 已改为调度员')).toBeInTheDocument();
    expect(within(card('网格员1')).getByText('调度员')).toBeInTheDocument();
    expect(calls.filter((c) => c.action === 'updateStaff').map((c) => c.payload)).toEqual([{ staffId: 'st-w1', role: 'dispatcher' }]);
    // never one's own: no button on the admin's own card
    expect(within(card('王书记')).queryByRole('button', { name: '更改角色' })).toBeNull();
  });
});
