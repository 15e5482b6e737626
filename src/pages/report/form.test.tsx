import '@testing-library/jest-dom';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { type HouseholdReportInput, type HouseholdView, type Result, type ReportReceipt, type ReportView } from '../../domain';
import { ok, stubCloud, type CloudCall } from '../../test/cloudStub';
import {
  ADULT_ID,
  BAD_CHECKSUM_ID,
  CHILD_ID,
  building,
  buildingPlace,
  communityPlace,
  householdView,
  receiptFor,
  reportView,
} from '../../test/fixtures';
import { lastNavigation, resetTaro } from '../../test/taroMock';
import HouseholdFormPage from './form';
import ReceiptPage from './receipt';

jest.mock('../../services/cloud', () => ({ callCloud: jest.fn() }));

type SubmitHandler = (input: HouseholdReportInput) => Result<ReportReceipt> | Promise<Result<ReportReceipt>>;

async function openForm(
  options: { household?: HouseholdView | null; submit?: SubmitHandler; reports?: ReportView[] } = {},
): Promise<CloudCall[]> {
  resetTaro({ code: 'BDG234' });
  const calls = stubCloud({
    'place.resolve': () => ok(buildingPlace),
    'report.myHousehold': () => ok(options.household ?? null),
    'report.myReports': () => ok({ items: options.reports ?? [], nextCursor: null }),
    'report.submit': (input: HouseholdReportInput) => (options.submit ? options.submit(input) : ok(receiptFor(input))),
  });
  render(<HouseholdFormPage />);
  await screen.findAllByPlaceholderText('请输入姓名');
  return calls;
}

const type = (placeholder: string, value: string, nth = 0) =>
  fireEvent.change(screen.getAllByPlaceholderText(placeholder, { exact: false })[nth], { target: { value } });
const pick = (label: string, index: number, nth = 0) =>
  fireEvent.change(screen.getAllByLabelText(label)[nth], { target: { value: String(index) } });
const tap = (text: string) => fireEvent.click(screen.getByText(text, { selector: 'span' }));
const submits = (calls: CloudCall[]) => calls.filter((c) => c.action === 'submit').map((c) => c.payload as HouseholdReportInput);

/** A complete household of one: the reporter, category 其他, privacy accepted. */
function fillReporter(idNumber = ADULT_ID) {
  pick('单元', 0);
  pick('房号', 0);
  type('请输入姓名', '张三');
  type('请输入证件号码', idNumber);
  type('请输入手机号', '13812345678');
  tap('我已阅读并同意《隐私政策》');
  tap('其他');
}

const submit = () => fireEvent.click(screen.getByRole('button', { name: /提交报备|正在提交/ }));

describe('household form', () => {
  it('refuses a bad ID number with the Chinese message under the field, and sends nothing', async () => {
    const calls = await openForm();
    fillReporter(BAD_CHECKSUM_ID);
    submit();

    const message = await screen.findByText('身份证号校验位不正确，请逐位核对');
    expect(message.closest('.field')).toContainElement(screen.getByPlaceholderText('请输入证件号码'));
    expect(screen.getByText('请按红色提示修改后再提交')).toBeInTheDocument();
    expect(submits(calls)).toHaveLength(0);

    // fixing the field clears its message
    type('请输入证件号码', ADULT_ID);
    expect(screen.queryByText('身份证号校验位不正确，请逐位核对')).not.toBeInTheDocument();
  });

  it('asks for each missing field by name', async () => {
    await openForm();
    submit();
    const error = (text: string) => screen.getByText(text, { selector: '.field__error' });
    expect(await screen.findByText('请选择单元', { selector: '.field__error' })).toBeInTheDocument();
    expect(error('请填写姓名')).toBeInTheDocument();
    expect(error('请选择报备类别')).toBeInTheDocument();
    expect(error('请先阅读并同意隐私政策')).toBeInTheDocument();
  });

  it('adds a member card and removes it again', async () => {
    await openForm();
    fireEvent.click(screen.getByText('添加家庭成员'));
    expect(screen.getByText('家庭成员 2')).toBeInTheDocument();
    expect(screen.getAllByPlaceholderText('请输入姓名')).toHaveLength(2);
    // the reporter's card has no delete button
    expect(screen.getAllByRole('button', { name: '删除' })).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: '删除' }));
    expect(screen.queryByText('家庭成员 2')).not.toBeInTheDocument();
    expect(screen.getAllByPlaceholderText('请输入姓名')).toHaveLength(1);
  });

  it('files a child without a phone number next to the reporter', async () => {
    const calls = await openForm();
    fillReporter();
    fireEvent.click(screen.getByText('添加家庭成员'));
    type('请输入姓名', '张小宝', 1);
    pick('与填报人关系', 1); // 子女
    type('请输入证件号码', CHILD_ID, 1);
    submit();
    await waitFor(() => expect(submits(calls)).toHaveLength(1));
    const [sent] = submits(calls);
    expect(sent.members.map((m) => [m.name, m.relation, m.phone])).toEqual([
      ['张三', 'self', '13812345678'],
      ['张小宝', 'child', undefined],
    ]);
  });

  it('hides health and travel without the sensitive-data consent and never sends them', async () => {
    const calls = await openForm();
    fillReporter();
    tap('返回人员');
    expect(screen.queryByPlaceholderText('体温（℃，可不填）')).not.toBeInTheDocument();
    expect(screen.queryByText('行程信息')).not.toBeInTheDocument();

    // consent shows the sections; withdrawing it hides them and drops what was typed
    tap('同意收集健康与行程信息（敏感个人信息）');
    type('体温（℃，可不填）', '36.8');
    expect(screen.getByText('行程信息')).toBeInTheDocument();
    tap('同意收集健康与行程信息（敏感个人信息）');
    expect(screen.queryByPlaceholderText('体温（℃，可不填）')).not.toBeInTheDocument();

    submit();
    await waitFor(() => expect(submits(calls)).toHaveLength(1));
    const [sent] = submits(calls);
    expect(sent.consent).toEqual(expect.objectContaining({ privacy: true, healthTravel: false }));
    expect(sent.travel).toBeUndefined();
    expect(sent.members[0].health).toBeUndefined();
  });

  it('sends health and travel once consented, travel required for returning residents', async () => {
    const calls = await openForm();
    fillReporter();
    tap('同意收集健康与行程信息（敏感个人信息）');
    tap('返回人员');
    type('体温（℃，可不填）', '37.5');
    tap('咳嗽');
    submit();
    // nothing is preselected: the health code is a question to answer
    expect(await screen.findByText('请选择健康码颜色', { selector: '.field__error' })).toBeInTheDocument();
    tap('绿码');
    submit();
    expect(await screen.findByText('请选择到达日期', { selector: '.field__error' })).toBeInTheDocument();
    expect(screen.getByText('请填写从哪里来', { selector: '.field__error' })).toBeInTheDocument();

    type('出发地，如：湖北省 武汉市 江岸区', '湖北省 武汉市');
    const yesterday = new Date(Date.now() - 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    fireEvent.change(screen.getByLabelText('到达日期'), { target: { value: yesterday } });
    pick('交通方式', 0);
    submit();
    await waitFor(() => expect(submits(calls)).toHaveLength(1));
    const [sent] = submits(calls);
    expect(sent.members[0].health).toEqual({ temperature: 37.5, symptoms: ['cough'], healthCode: 'green' });
    expect(sent.travel).toEqual({ fromRegion: ['湖北省', '武汉市'], arrivalDate: yesterday, transport: 'train' });
  });

  it('submits, then the receipt shows the masked numbers', async () => {
    const calls = await openForm();
    fillReporter();
    submit();
    await waitFor(() => expect(lastNavigation()).toEqual({ kind: 'redirectTo', url: '/pages/report/receipt?reportId=r-1' }));
    expect(submits(calls)[0].clientRequestId).toMatch(/^[A-Za-z0-9]{32}$/);

    resetTaro({ reportId: 'r-1' });
    render(<ReceiptPage />);
    expect(screen.getByText('报备成功')).toBeInTheDocument();
    expect(screen.getByText(`居民身份证 ${ADULT_ID.slice(0, 6)}********${ADULT_ID.slice(14)}`)).toBeInTheDocument();
    expect(screen.getByText('手机 138****5678')).toBeInTheDocument();
    expect(screen.queryByText(new RegExp(ADULT_ID))).not.toBeInTheDocument();
  });

  it('submits once on a double tap, and a retry after a network error reuses the clientRequestId', async () => {
    let release: () => void = () => undefined;
    let attempt = 0;
    const calls = await openForm({
      submit: (input) => {
        attempt += 1;
        if (attempt === 1) return { ok: false, code: 'NETWORK', message: '网络异常，请检查网络后重试' };
        // the second attempt hangs until released, so the second tap lands while it is in flight
        return new Promise((resolve) => (release = () => resolve(ok(receiptFor(input)))));
      },
    });
    fillReporter();
    submit();
    expect(await screen.findByText('网络异常，请检查网络后重试')).toBeInTheDocument();

    submit();
    submit();
    expect(await screen.findByRole('button', { name: '正在提交…' })).toBeDisabled();
    release();
    await waitFor(() => expect(lastNavigation()?.kind).toBe('redirectTo'));

    const sent = submits(calls);
    expect(sent).toHaveLength(2);
    expect(sent[1].clientRequestId).toBe(sent[0].clientRequestId);
  });

  it("shows the server's message in the banner and its field errors under the fields", async () => {
    await openForm({
      submit: () => ({
        ok: false,
        code: 'DUPLICATE_MEMBER',
        message: '提交的信息有误，请修改后再试',
        errors: [{ code: 'DUPLICATE_MEMBER', field: 'members.0.idNumber', message: '第1位成员：同一证件号码不能重复登记' }],
      }),
    });
    fillReporter();
    submit();
    expect(await screen.findByText('提交的信息有误，请修改后再试')).toHaveClass('banner__line');
    const fieldError = screen.getByText('同一证件号码不能重复登记');
    expect(fieldError.closest('.field')).toContainElement(screen.getByPlaceholderText('请输入证件号码'));
    expect(screen.getByRole('button', { name: '提交报备' })).toBeEnabled();
  });

  it('for a community code, offers every building across pages', async () => {
    resetTaro({ code: 'CMN234' });
    const second = { ...building, id: 'b-4', name: '4号楼' };
    const calls = stubCloud({
      'place.resolve': () => ok(communityPlace),
      'place.buildings': (p: { cursor?: string | null }) =>
        ok(p.cursor ? { items: [second], nextCursor: null } : { items: [building], nextCursor: 'next' }),
      'report.myHousehold': () => ok(null),
      'report.myReports': () => ok({ items: [], nextCursor: null }),
    });
    render(<HouseholdFormPage />);
    const picker = await screen.findByLabelText('楼栋');
    expect(
      within(picker)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['祥云一区 3号楼', '祥云一区 4号楼']);
    expect(calls.filter((c) => c.action === 'buildings').map((c) => c.payload)).toEqual([
      { communityId: 'c-1', cursor: null },
      { communityId: 'c-1', cursor: 'next' },
    ]);
    expect(screen.getByText('请先选择楼栋')).toBeInTheDocument();
    fireEvent.change(picker, { target: { value: '1' } });
    expect(screen.getByText('祥云一区 4号楼', { selector: 'span' })).toBeInTheDocument();
  });

  it('skips the privacy notice once accepted and prefills the household', async () => {
    await openForm({ household: householdView() });
    expect(screen.queryByText('我已阅读并同意《隐私政策》')).not.toBeInTheDocument();
    expect(screen.getByText('同意收集健康与行程信息（敏感个人信息）')).toBeInTheDocument();
    expect(screen.getAllByPlaceholderText('请输入姓名').map((i) => (i as HTMLInputElement).value)).toEqual(['张三', '张小宝']);
    // the stored numbers are kept (shown masked), not asked again
    expect(screen.getAllByText(/^居民身份证 110105\*{8}/)).toHaveLength(2);
    expect(screen.getAllByText('已登记')).toHaveLength(3);
    expect(screen.queryByPlaceholderText('请输入证件号码')).not.toBeInTheDocument();
    expect(screen.getByText('101 室', { selector: 'span' })).toBeInTheDocument();
  });

  it('asks again when the notice changed since the household accepted it', async () => {
    await openForm({ household: householdView({ consent: { privacy: true, healthTravel: true, version: 'old' } }) });
    expect(screen.getByText('我已阅读并同意《隐私政策》')).toBeInTheDocument();
  });

  it('re-files by referring to the stored persons: no number is asked again unless changed', async () => {
    const calls = await openForm({ household: householdView(), reports: [reportView(0)] });
    // the last filing's category is the starting point
    expect(screen.getByText('健康监测').closest('.chip')).toHaveClass('chip--on');
    submit();
    await waitFor(() => expect(submits(calls)).toHaveLength(1));
    expect(submits(calls)[0].members).toEqual([
      { personId: 'p-0', name: '张三', relation: 'self' },
      { personId: 'p-1', name: '张小宝', relation: 'child' },
    ]);
  });

  it('types a new phone or document only for the member whose 修改 is tapped', async () => {
    const calls = await openForm({ household: householdView() });
    fireEvent.click(screen.getAllByText('修改')[1]);
    type('请输入手机号', '13700001111');
    tap('其他');
    submit();
    await waitFor(() => expect(submits(calls)).toHaveLength(1));
    expect(submits(calls)[0].members[0]).toEqual({ personId: 'p-0', name: '张三', relation: 'self', phone: '13700001111' });
  });

  it('shows the name length as it is typed and refuses a name over the limit rather than cutting it', async () => {
    const calls = await openForm();
    fillReporter();
    type('请输入姓名', '张'.repeat(31));
    expect(screen.getByText('31/30')).toBeInTheDocument();
    expect((screen.getAllByPlaceholderText('请输入姓名')[0] as HTMLInputElement).value).toHaveLength(31);
    submit();
    expect(await screen.findByText('内容过长（最多30个字）', { selector: '.field__error' })).toBeInTheDocument();
    expect(submits(calls)).toHaveLength(0);
  });

  it('keeps the draft across a reload of the page, and drops it once filed', async () => {
    const calls = await openForm();
    type('请输入姓名', '张三');
    type('请输入证件号码', ADULT_ID);
    // the page is opened again (a reload): same storage, a new page
    cleanup();
    render(<HouseholdFormPage />);
    await screen.findAllByPlaceholderText('请输入姓名');
    expect((screen.getAllByPlaceholderText('请输入姓名')[0] as HTMLInputElement).value).toBe('张三');
    expect((screen.getByPlaceholderText('请输入证件号码') as HTMLInputElement).value).toBe(ADULT_ID);
    // filed: a later visit starts clean
    pick('单元', 0);
    pick('房号', 0);
    type('请输入手机号', '13812345678');
    tap('我已阅读并同意《隐私政策》');
    tap('其他');
    submit();
    await waitFor(() => expect(submits(calls)).toHaveLength(1));
    cleanup();
    render(<HouseholdFormPage />);
    await screen.findAllByPlaceholderText('请输入姓名');
    expect((screen.getAllByPlaceholderText('请输入姓名')[0] as HTMLInputElement).value).toBe('');
  });
});
