/** Every cloud function the local cloud hosts: the same `main` that is bundled for WeChat. */
import type { Main } from '../cloudfunctions/common/handler';
import { main as batch } from '../cloudfunctions/batch/index';
import { main as checkin } from '../cloudfunctions/checkin/index';
import { main as desk } from '../cloudfunctions/desk/index';
import { main as file } from '../cloudfunctions/file/index';
import { main as hierarchy } from '../cloudfunctions/hierarchy/index';
import { main as ledger } from '../cloudfunctions/ledger/index';
import { main as place } from '../cloudfunctions/place/index';
import { main as poster } from '../cloudfunctions/poster/index';
import { main as report } from '../cloudfunctions/report/index';
import { main as request } from '../cloudfunctions/request/index';
import { main as scheduler } from '../cloudfunctions/scheduler/index';
import { main as staff } from '../cloudfunctions/staff/index';
import { main as dashboard } from '../cloudfunctions/dashboard/index';

/** A Map, not an object: a name from the URL must not find `constructor`, `__proto__`, `toString`… */
export const FUNCTIONS: ReadonlyMap<string, Main> = new Map(
  Object.entries({ checkin, desk, file, place, report, request, scheduler, staff, hierarchy, poster, ledger, dashboard, batch }),
);

/**
 * Timer triggers, as declared in each function's config.json for WeChat. The local cloud runs them
 * on its own clock at this period (WeChat's cron is every 10 minutes; locally every minute so a
 * developer sees the effect sooner; both are idempotent per slot).
 */
export const TIMERS: Array<{ name: string; everyMs: number }> = [{ name: 'scheduler', everyMs: 60_000 }];

/**
 * Functions only a timer runs (createTimerMain): the HTTP endpoint does not offer them to clients.
 * On WeChat a client can name any function, so their main refuses callers as well.
 */
export const TIMER_ONLY: ReadonlySet<string> = new Set(['scheduler']);
