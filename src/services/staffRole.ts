/**
 * Whether the signed-in user is staff, for what the app shows them: the 工作台 tab and landing on
 * it. Asked of the server once per identity and shared by every tab bar; the server still checks
 * role and scope on every call, so this only decides what is shown, never what is allowed.
 */
import { type StaffProfile } from '../domain';
import { getSession } from './session';
import { getStaffMe } from './staff';

let asked: { who: string; answer: Promise<StaffProfile | null> } | null = null;
let known: { who: string; staff: boolean } | null = null;
const listeners = new Set<() => void>();

/** Who is signed in: on WeChat the platform's identity (one per launch), on H5 the local session. */
function identity(): string {
  return process.env.TARO_ENV === 'weapp' ? 'weapp' : (getSession()?.openid ?? '');
}

function remember(who: string, staff: boolean): void {
  if (known?.who === who && known.staff === staff) return;
  known = { who, staff };
  listeners.forEach((listener) => listener());
}

/** The caller's staff profile (null for a resident, or nobody signed in); a failed call is asked again next time. */
export function staffProfile(): Promise<StaffProfile | null> {
  const who = identity();
  // nobody signed in (H5): not staff, and no login page opened from a tab bar
  if (!who) return Promise.resolve(null);
  if (asked?.who !== who) {
    const answer = getStaffMe().then((res) => {
      if (!res.ok) {
        if (asked?.answer === answer) asked = null;
        return null;
      }
      remember(who, res.data !== null);
      return res.data;
    });
    asked = { who, answer };
  }
  return asked.answer;
}

/** What the last answer for the signed-in identity said: true, false, or null before any. */
export function isStaffNow(): boolean | null {
  const who = identity();
  return known && known.who === who ? known.staff : null;
}

/** A page that read the profile itself (工作台 does on every show) keeps the tab bar in step. */
export function rememberStaff(profile: StaffProfile | null): void {
  const who = identity();
  if (who) remember(who, profile !== null);
}

export function onStaffChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Tests: forget every answer. */
export function resetStaffRole(): void {
  asked = null;
  known = null;
}
