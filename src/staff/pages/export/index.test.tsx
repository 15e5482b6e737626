import '@testing-library/jest-dom';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ExportJobView } from '../../../domain';
import { DEFAULT_PERSON_PROFILE } from '../../../domain/ledger';
import { ok, stubCloud } from '../../../test/cloudStub';
import { resetTaro } from '../../../test/taroMock';
import ExportPage from './index';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

const job = (over: Partial<ExportJobView> = {}): ExportJobView => ({
  jobId: 'ej_1',
  status: 'running',
  layout: 'person',
  profileName: DEFAULT_PERSON_PROFILE.name,
  scanned: 500,
  total: 1500,
  rows: 500,
  counts: { new: 0, changed: 3, unchanged: 0 },
  full: false,
  onlyChanges: true,
  createdAt: '2026-12-03T01:00:00.000Z',
  ...over,
});

function stub(steps: ExportJobView[]) {
  let i = 0;
  return stubCloud({
    'staff.me': () => ok({ staffId: 's1', name: '王书记', role: 'admin', scope: [{ id: 'c1', name: '祥云社区', level: 'community' }] }),
    'staff.places': () => ok([{ id: 'g1', name: '第一网格', level: 'grid' }]),
    'ledger.profiles': () => ok([DEFAULT_PERSON_PROFILE]),
    'ledger.jobs': () => ok([]),
    'ledger.start': () => ok(job()),
    'ledger.step': () => ok(steps[Math.min(i++, steps.length - 1)]),
    'ledger.job': () => ok(steps[steps.length - 1]),
  });
}

describe('台账导出', () => {
  beforeEach(() => resetTaro());

  it('sends the filters as chosen, steps the job with a progress bar, then offers the file', async () => {
    const done = job({ status: 'done', scanned: 1500, rows: 4, counts: { new: 1, changed: 3, unchanged: 0 }, file: { fileId: 'cloud://x/f.xlsx', name: '一人一档.xlsx', size: 100, url: 'http://x/f', expiresAt: '2099-01-01T00:00:00Z' } });
    const calls = stub([job({ scanned: 1000 }), done]);
    render(<ExportPage />);
    await screen.findByText('开始导出');
    // 人员类别 comes before 管控状态, whose chips share the label
    fireEvent.click(screen.getAllByText('居家隔离')[0]);
    fireEvent.click(screen.getByText('只导出我上次用此模板和范围导出后新增、变更的记录'));
    fireEvent.click(screen.getByText('开始导出'));
    expect(await screen.findByText('下载文件')).toBeInTheDocument();
    expect(screen.getByText('共 4 行：新增 1，变更 3，未变 0')).toBeInTheDocument();
    const start = calls.find((c) => c.action === 'start')!;
    expect(start.payload).toEqual({ layout: 'person', profileId: DEFAULT_PERSON_PROFILE.id, categories: ['home_isolation'], onlyChanges: true });
    expect(calls.filter((c) => c.action === 'step')).toHaveLength(2);
  });

  it('asks for a reason before a full export, and sends it', async () => {
    const calls = stub([job({ status: 'done', full: true })]);
    render(<ExportPage />);
    fireEvent.click(await screen.findByText('导出完整身份证号和电话（记入审计）'));
    fireEvent.click(screen.getByText('开始导出'));
    expect(await screen.findByText('导出完整身份证号和电话需要填写理由')).toBeInTheDocument();
    expect(calls.some((c) => c.action === 'start')).toBe(false);
    fireEvent.change(screen.getByPlaceholderText('如：报送区疫情防控指挥部'), { target: { value: '上报区指挥部' } });
    fireEvent.click(screen.getByText('开始导出'));
    await waitFor(() => expect(calls.find((c) => c.action === 'start')?.payload).toMatchObject({ full: { reason: '上报区指挥部' } }));
  });
});
