import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import { ok, stubCloud } from '../../../test/cloudStub';
import { lastNavigation, resetTaro } from '../../../test/taroMock';
import { workerProfile } from '../../shared/testFixtures';
import JoinPage from './index';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

describe('加入工作人员', () => {
  it('accepts the invite of the link, shows who the caller became, then opens the 工作台', async () => {
    resetTaro({ code: 'K7PQ2M9X' });
    const calls = stubCloud({ 'staff.acceptInvite': () => ok(workerProfile) });
    render(<JoinPage />);
    expect(screen.getByText('K7PQ2M9X')).toBeInTheDocument();
    // nothing happens until the person confirms
    expect(calls).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: '确认加入' }));
    expect(await screen.findByText('已加入')).toBeInTheDocument();
    expect(screen.getByText('李网格')).toBeInTheDocument();
    expect(screen.getByText('网格员')).toBeInTheDocument();
    expect(screen.getByText('第一网格')).toBeInTheDocument();
    expect(calls.map((c) => c.payload)).toEqual([{ inviteCode: 'K7PQ2M9X' }]);

    fireEvent.click(screen.getByRole('button', { name: '进入工作台' }));
    expect(lastNavigation()).toEqual({ kind: 'switchTab', url: '/pages/workbench/index' });
  });

  it('shows why an invite cannot be used (used, expired) and stays on the page', async () => {
    resetTaro({ code: 'USED1234' });
    stubCloud({ 'staff.acceptInvite': () => ({ ok: false, code: 'INVITE_USED', message: '邀请码已被使用' }) });
    render(<JoinPage />);
    fireEvent.click(screen.getByRole('button', { name: '确认加入' }));
    expect(await screen.findByText('邀请码已被使用')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '确认加入' })).toBeEnabled();
  });

  it('someone who is staff already is sent to the 工作台', async () => {
    resetTaro({ code: 'K7PQ2M9X' });
    stubCloud({ 'staff.acceptInvite': () => ({ ok: false, code: 'ALREADY_STAFF', message: '您已是工作人员，无需重复加入' }) });
    render(<JoinPage />);
    fireEvent.click(screen.getByRole('button', { name: '确认加入' }));
    expect(await screen.findByText('您已是工作人员，无需重复加入')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: '进入工作台' }));
    expect(lastNavigation()).toEqual({ kind: 'switchTab', url: '/pages/workbench/index' });
  });

  it('without a code in the link, asks for it', async () => {
    resetTaro({});
    const calls = stubCloud({ 'staff.acceptInvite': () => ok(workerProfile) });
    render(<JoinPage />);
    fireEvent.click(screen.getByRole('button', { name: '确认加入' }));
    expect(screen.getByText('请输入邀请码')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
    fireEvent.change(screen.getByPlaceholderText('请输入邀请码'), { target: { value: ' ab12cd34 ' } });
    fireEvent.click(screen.getByRole('button', { name: '确认加入' }));
    expect(await screen.findByText('已加入')).toBeInTheDocument();
    expect(calls.map((c) => c.payload)).toEqual([{ inviteCode: 'ab12cd34' }]);
  });
});
