/**
 * The 报备 pages of the REAL WeChat build (`npm run build:weapp` → dist/) under
 * miniprogram-simulate: what a resident sees after scanning a place's QR code, and filling the
 * household form. The cloud is `wx.cloud.callFunction`, answered per function/action.
 */
import {
  ErrorCodes,
  idCardCheckChar,
  maskIdNumber,
  maskPhone,
  PRIVACY_NOTICE_VERSION,
  type HouseholdView,
  type PayloadOf,
  type ReportReceipt,
  type ResolvedPlace,
} from '../../src/domain';
import { NOTICE_SUMMARY } from '../../src/content/privacyNotice';
import {
  answerCloud,
  answerCloudError,
  closestWithClass,
  cloudEvents,
  cloudPayloads,
  loadWeappPage,
  resetWx,
  wxMock,
  type WeappPage,
} from './harness';

jest.setTimeout(20_000);

const CODE = 'HX7K2M';
const CONSENT_LABEL = '我已阅读并同意《隐私政策》';
const PH = {
  name: '请输入姓名',
  id: '请输入证件号码',
  // the exact wording of the hint is still being edited
  phone: /^请输入手机号/,
  room: '请选择房号',
  relation: '请选择关系',
};

/** A valid 居民身份证 number: `first17` plus its check character. */
const idCard = (first17: string) => first17 + idCardCheckChar(first17);
/** Same number with a wrong check character. */
const badIdCard = (first17: string) => first17 + (idCardCheckChar(first17) === '0' ? '1' : '0');

const REPORTER_ID = idCard('110105' + '19850312' + '123');
const SPOUSE_ID = idCard('110105' + '19870605' + '242');

/** A building's QR code: the building is fixed, and its only unit is preselected. */
const BUILDING_PLACE: ResolvedPlace = {
  code: CODE,
  place: { id: 'bld-3', name: '3号楼', level: 'building' },
  community: { id: 'com-xfl', name: '幸福里社区', level: 'community' },
  building: {
    id: 'bld-3',
    name: '3号楼',
    compoundName: '阳光花园',
    gridId: 'grid-2',
    units: [{ name: '1单元', floors: 6, roomsPerFloor: 2 }],
  },
};

/** What `report.submit` answers: the report as filed, masked, with the grid worker. */
function receiptFor(input: PayloadOf<'report', 'submit'>): ReportReceipt {
  return {
    reportId: 'rep-0001',
    householdId: 'hh-0001',
    communityName: '幸福里社区',
    gridName: '第二网格',
    address: `阳光花园 3号楼 ${input.unit} ${input.room}`,
    category: input.category,
    members: input.members.map((m, i) => ({
      personId: `p-${i + 1}`,
      name: m.name,
      relation: m.relation,
      idType: m.idType ?? 'id_card',
      idMasked: m.idNumber ? maskIdNumber(m.idType ?? 'id_card', m.idNumber) : '已登记',
      phoneMasked: m.phone ? maskPhone(m.phone) : undefined,
    })),
    status: 'submitted',
    createdAt: '2026-11-23T02:00:00.000Z',
    gridWorker: { name: '王网格', workPhone: '01012345678' },
    replayed: false,
  };
}

/** A household that has filed before and accepted the current privacy notice. */
const FILED_HOUSEHOLD: HouseholdView = {
  householdId: 'hh-0001',
  communityId: 'com-xfl',
  communityName: '幸福里社区',
  gridName: '第二网格',
  buildingId: 'bld-3',
  address: '阳光花园 3号楼 1单元 202',
  unit: '1单元',
  room: '202',
  pendingMembers: [],
  members: [
    {
      personId: 'p-1',
      name: '张伟',
      relation: 'self',
      idType: 'id_card',
      idMasked: maskIdNumber('id_card', REPORTER_ID),
      phoneMasked: '138****8000',
    },
  ],
  gridWorker: { name: '王网格', workPhone: '01012345678' },
  consent: { privacy: true, healthTravel: false, version: PRIVACY_NOTICE_VERSION },
  updatedAt: '2026-11-20T08:00:00.000Z',
};

let page: WeappPage | null = null;

beforeEach(resetWx);
afterEach(() => {
  page?.unload();
  page = null;
});

/** Types like a resident and waits until the page shows what was typed. */
async function fill(p: WeappPage, placeholder: string | RegExp, value: string, nth = 0): Promise<void> {
  p.input(placeholder, value, nth);
  await p.waitFor(() => p.valueOf(placeholder, nth) === value);
}

/** The report form opened from a building's QR code, for a resident who has never filed. */
async function openFirstTimeForm(): Promise<WeappPage> {
  answerCloud('place', 'resolve', BUILDING_PLACE);
  answerCloud('report', 'myHousehold', null);
  answerCloud('report', 'submit', receiptFor);
  const p = await loadWeappPage('pages/report/form', { code: CODE });
  await p.waitFor(() => p.findByText('提交报备'));
  return p;
}

describe('报备 entry page opened from a QR code (pages/report/index)', () => {
  it('resolves the scene code and shows the community, the building and 开始报备', async () => {
    answerCloud('place', 'resolve', BUILDING_PLACE);
    page = await loadWeappPage('pages/report/index', { scene: CODE });
    const p = page;

    const start = await p.waitFor(() => p.findByText('开始报备'));
    expect(cloudEvents('place')).toEqual([{ action: 'resolve', payload: { code: CODE } }]);
    expect(wxMock.cloud.callFunction).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'place', data: { action: 'resolve', payload: { code: CODE } } }),
    );
    // a QR code of a place needs no household lookup
    expect(cloudEvents('report')).toEqual([]);

    const lines = p.text().split('\n');
    expect(lines).toContain('幸福里社区');
    expect(lines).toContain('阳光花园 3号楼');
    expect(start.tagName.toLowerCase()).toBe('wx-button');
    expect(p.text()).not.toMatch(/正在加载/);
  });

  it('a QR scene wrapping the code (`code=…`, URL-encoded) resolves the same place; 开始报备 opens the form', async () => {
    answerCloud('place', 'resolve', BUILDING_PLACE);
    page = await loadWeappPage('pages/report/index', { scene: encodeURIComponent(`code=${CODE.toLowerCase()}`) });
    const p = page;

    await p.waitFor(() => p.findByText('开始报备'));
    expect(cloudEvents('place')).toEqual([{ action: 'resolve', payload: { code: CODE } }]);

    p.tap('开始报备');
    await p.waitFor(() => wxMock.navigateTo.mock.calls.length === 1);
    expect(wxMock.navigateTo.mock.calls[0][0].url).toBe(`/pages/report/form?code=${CODE}`);
  });

  it('an unknown code shows the Chinese error and no 开始报备', async () => {
    answerCloudError('place', 'resolve', 'PLACE_CODE_INVALID', ErrorCodes.PLACE_CODE_INVALID);
    page = await loadWeappPage('pages/report/index', { scene: CODE });
    const p = page;

    await p.waitFor(() => p.findByText(ErrorCodes.PLACE_CODE_INVALID));
    expect(p.findByText('重试')).not.toBeNull();
    expect(p.findByText('开始报备')).toBeNull();
  });
});

describe('报备 form (pages/report/form)', () => {
  it('shows the privacy notice with an unticked consent before the first report, and refuses to submit without it', async () => {
    page = await openFirstTimeForm();
    const p = page;

    expect(p.findByText('个人信息保护说明')).not.toBeNull();
    for (const line of NOTICE_SUMMARY) expect(p.findByText(line)).not.toBeNull();
    expect(p.findByText('查看完整的《隐私政策》')).not.toBeNull();
    const consentRow = closestWithClass(p.findByText(CONSENT_LABEL)!, 'check')!;
    expect(consentRow.textContent).not.toContain('✓');

    p.tap('提交报备');
    const error = await p.waitFor(() => p.findByText(ErrorCodes.CONSENT_REQUIRED));
    expect(closestWithClass(error, 'card')!.textContent).toContain(CONSENT_LABEL);
    expect(cloudPayloads('report', 'submit')).toEqual([]);

    // ticking it clears the error and shows the tick
    p.tap(CONSENT_LABEL);
    await p.waitFor(() => closestWithClass(p.findByText(CONSENT_LABEL)!, 'check')!.textContent!.includes('✓'));
    expect(p.findByText(ErrorCodes.CONSENT_REQUIRED)).toBeNull();

    p.tap('查看完整的《隐私政策》');
    await p.waitFor(() => wxMock.navigateTo.mock.calls.length === 1);
    expect(wxMock.navigateTo.mock.calls[0][0].url).toBe('/pages/privacy/index');
  });

  it('does not ask again once the current notice has been accepted', async () => {
    answerCloud('place', 'resolve', BUILDING_PLACE);
    answerCloud('report', 'myHousehold', FILED_HOUSEHOLD);
    page = await loadWeappPage('pages/report/form', { code: CODE });
    const p = page;

    await p.waitFor(() => p.findByText('提交报备'));
    expect(p.findByText('个人信息保护说明')).toBeNull();
    expect(p.findByText(CONSENT_LABEL)).toBeNull();
    // the filed household is prefilled: room and reporter, with the stored ID kept and shown masked (nothing to retype)
    expect(p.findByText('202 室')).not.toBeNull();
    expect(p.valueOf(PH.name)).toBe('张伟');
    expect(p.text().replace(/\s+/g, ' ')).toContain(`居民身份证 ${maskIdNumber('id_card', REPORTER_ID)}`);
    expect(p.findByText('已登记')).not.toBeNull();
    expect(p.text()).not.toContain(REPORTER_ID);
  });

  it('shows the Chinese ID error under the 证件号码 field, and clears it when the number is corrected', async () => {
    page = await openFirstTimeForm();
    const p = page;

    await fill(p, PH.name, '张伟');
    await fill(p, PH.id, badIdCard('11010519850312123'));
    p.tap('提交报备');

    const error = await p.waitFor(() => p.findByText(ErrorCodes.ID_CARD_CHECKSUM));
    expect(error.textContent).toContain('身份证号校验位不正确');
    // in the 证件号码 field, below its input
    const field = closestWithClass(error, 'field')!;
    expect(field.querySelector('wx-text')!.textContent).toContain('证件号码');
    const input = field.querySelector('wx-input')!;
    expect(input.compareDocumentPosition(error) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(p.findByText('请按红色提示修改后再提交')).not.toBeNull();
    expect(cloudPayloads('report', 'submit')).toEqual([]);

    await fill(p, PH.id, REPORTER_ID);
    await p.waitFor(() => p.findByText(ErrorCodes.ID_CARD_CHECKSUM) === null);
  });

  it('submits a valid household to report.submit with its members and a clientRequestId, then opens the receipt', async () => {
    page = await openFirstTimeForm();
    const p = page;

    p.pick(PH.room, 3); // 1单元: 101 102 201 202 …
    await p.waitFor(() => p.findByText('202 室'));
    p.tap(CONSENT_LABEL);
    p.tap('健康监测');
    await fill(p, PH.name, '张伟');
    await fill(p, PH.id, REPORTER_ID);
    await fill(p, PH.phone, '138 0013 8000');

    p.tap('添加家庭成员');
    await p.waitFor(() => p.findByText('家庭成员 2'));
    p.pick(PH.relation, 0); // 配偶
    await p.waitFor(() => p.findByText('配偶'));
    await fill(p, PH.name, '李娜', 1);
    await fill(p, PH.id, SPOUSE_ID, 1);
    await fill(p, PH.phone, '13900139000', 1);

    p.tap('提交报备');
    await p.waitFor(() => wxMock.redirectTo.mock.calls.length === 1);

    const submits = cloudPayloads('report', 'submit');
    expect(submits).toHaveLength(1);
    expect(submits[0]).toEqual({
      clientRequestId: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      buildingId: 'bld-3',
      unit: '1单元',
      room: '202',
      category: 'health_monitoring',
      members: [
        { name: '张伟', relation: 'self', idType: 'id_card', idNumber: REPORTER_ID, phone: '13800138000' },
        { name: '李娜', relation: 'spouse', idType: 'id_card', idNumber: SPOUSE_ID, phone: '13900139000' },
      ],
      consent: { privacy: true, healthTravel: false, version: PRIVACY_NOTICE_VERSION },
    });
    expect(wxMock.redirectTo.mock.calls[0][0].url).toBe('/pages/report/receipt?reportId=rep-0001');
  });

  it('a retry after a failed submission sends the same clientRequestId', async () => {
    page = await openFirstTimeForm();
    const p = page;
    answerCloudError('report', 'submit', 'INTERNAL', ErrorCodes.INTERNAL);

    p.pick(PH.room, 0);
    p.tap(CONSENT_LABEL);
    p.tap('其他');
    await fill(p, PH.name, '张伟');
    await fill(p, PH.id, REPORTER_ID);
    await fill(p, PH.phone, '13800138000');
    await p.waitFor(() => p.findByText('101 室'));

    p.tap('提交报备');
    await p.waitFor(() => p.findByText(ErrorCodes.INTERNAL));
    await p.waitFor(() => p.findByText('提交报备'));
    expect(wxMock.redirectTo).not.toHaveBeenCalled();

    answerCloud('report', 'submit', receiptFor);
    p.tap('提交报备');
    await p.waitFor(() => wxMock.redirectTo.mock.calls.length === 1);

    const ids = cloudPayloads('report', 'submit').map((payload) => payload.clientRequestId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });
});
