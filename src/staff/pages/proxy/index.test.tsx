import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import { maskIdNumber, type HouseholdReportInput } from '../../../domain';
import { ok, stubCloud, type CloudCall } from '../../../test/cloudStub';
import { ADULT_ID, building, receiptFor } from '../../../test/fixtures';
import { lastNavigation, resetTaro } from '../../../test/taroMock';
import ProxyReportPage from './index';

jest.mock('../../../services/cloud', () => ({ callCloud: jest.fn() }));

const otherBuilding = { ...building, id: 'b-5', name: '5号楼' };
const type = (placeholder: string, value: string) =>
  fireEvent.change(screen.getAllByPlaceholderText(placeholder, { exact: false })[0], { target: { value } });
const pick = (label: string, index: number) => fireEvent.change(screen.getAllByLabelText(label)[0], { target: { value: String(index) } });
const tap = (text: string) => fireEvent.click(screen.getByText(text, { selector: 'span' }));
const filings = (calls: CloudCall[]) => calls.filter((c) => c.action === 'proxyReport').map((c) => c.payload as HouseholdReportInput);

async function open(buildings = [building, otherBuilding]): Promise<CloudCall[]> {
  resetTaro();
  const calls = stubCloud({
    'staff.buildings': () => ok({ items: buildings, nextCursor: null }),
    'staff.proxyReport': (input: HouseholdReportInput) => ok(receiptFor(input, 'r-proxy')),
  });
  render(<ProxyReportPage />);
  return calls;
}

describe('代居民报备', () => {
  it('offers the buildings of the worker’s scope and refuses to file before the resident’s consent is recorded', async () => {
    const calls = await open();
    expect(await screen.findByText('代居民报备', { selector: '.card__title' })).toBeInTheDocument();
    expect(calls.map((c) => `${c.name}.${c.action}`)).toEqual(['staff.buildings']);
    pick('楼栋', 0);
    pick('单元', 0);
    pick('房号', 0);
    type('请输入姓名', '王大爷');
    type('请输入证件号码', ADULT_ID);
    tap('其他');
    fireEvent.click(screen.getByRole('button', { name: '提交代报' }));
    expect(await screen.findByText('请先阅读并同意隐私政策', { selector: '.field__error' })).toBeInTheDocument();
    expect(filings(calls)).toHaveLength(0);
  });

  it('files through staff.proxyReport and shows what was filed, masked, with the way to the next household', async () => {
    const calls = await open();
    await screen.findByText('代居民报备', { selector: '.card__title' });
    pick('楼栋', 1);
    pick('单元', 0);
    pick('房号', 0);
    type('请输入姓名', '王大爷');
    type('请输入证件号码', ADULT_ID);
    // 代报 is for residents without a phone: none is required, and the card names the resident
    expect(screen.getByText('居民本人', { selector: '.card__title' })).toBeInTheDocument();
    expect(screen.getByPlaceholderText('手机号（没有可不填）')).toBeInTheDocument();
    tap('已向居民说明《隐私政策》，居民同意登记');
    tap('其他');
    fireEvent.click(screen.getByRole('button', { name: '提交代报' }));

    expect(await screen.findByText('代报成功')).toBeInTheDocument();
    expect(screen.getByText(maskIdNumber('id_card', ADULT_ID), { exact: false })).toBeInTheDocument();
    expect(document.body.textContent).not.toContain(ADULT_ID);
    const [sent] = filings(calls);
    expect(sent).toMatchObject({
      buildingId: 'b-5',
      unit: '1单元',
      room: '101',
      category: 'other',
      consent: { privacy: true, healthTravel: false },
    });
    expect(sent.members).toEqual([{ name: '王大爷', relation: 'self', idType: 'id_card', idNumber: ADULT_ID }]);

    fireEvent.click(screen.getByRole('button', { name: '再代报一户' }));
    expect(lastNavigation()).toEqual({ kind: 'redirectTo', url: '/staff/pages/proxy/index' });
  });

  it('says so when the worker’s scope has no buildings', async () => {
    await open([]);
    expect(await screen.findByText('您的辖区内还没有楼栋，请联系社区管理员')).toBeInTheDocument();
  });
});
