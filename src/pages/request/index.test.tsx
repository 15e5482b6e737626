import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import { ok, stubCloud } from '../../test/cloudStub';
import { householdView } from '../../test/fixtures';
import { recorded, resetTaro } from '../../test/taroMock';
import RequestPage from './index';

jest.mock('../../services/cloud', () => ({ callCloud: jest.fn() }));

describe('求助', () => {
  beforeEach(() => resetTaro());

  it('calls 120 in an emergency and the grid worker otherwise', async () => {
    stubCloud({ 'report.myHousehold': () => ok(householdView()) });
    render(<RequestPage />);
    fireEvent.click(screen.getByRole('button', { name: '紧急情况拨打120' }));
    fireEvent.click(await screen.findByRole('button', { name: '拨打电话' }));
    expect(recorded.phoneCalls).toEqual(['120', '13900001111']);
  });

  it('explains where the contact comes from before the first report', async () => {
    stubCloud({ 'report.myHousehold': () => ok(null) });
    render(<RequestPage />);
    expect(await screen.findByText('报备后即可在这里看到负责您家的网格员及其电话。')).toBeInTheDocument();
  });
});
