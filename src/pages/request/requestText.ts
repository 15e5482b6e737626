/** How a request reads in the resident's list: one summary line. */
import { itemText } from '../../components/RequestContent';
import { formatShanghai, type RequestDetails } from '../../domain';

const SUMMARY_MAX_CHARS = 30;
const SUMMARY_MAX_ITEMS = 3;

function clip(text: string): string {
  const chars = Array.from(text);
  return chars.length > SUMMARY_MAX_CHARS ? `${chars.slice(0, SUMMARY_MAX_CHARS).join('')}…` : text;
}

export function pickupText(pickupAt: string): string {
  return formatShanghai(pickupAt, 'M月D日 HH:mm');
}

export function requestSummary(details: RequestDetails): string {
  switch (details.kind) {
    case 'supplies': {
      const shown = details.items.slice(0, SUMMARY_MAX_ITEMS).map(itemText).join('、');
      return details.items.length > SUMMARY_MAX_ITEMS ? `${shown} 等${details.items.length}项` : shown;
    }
    case 'medicine':
      return `${details.drug} ${details.quantity}`;
    case 'transport':
      return `${details.reason} · ${details.hospital} · ${pickupText(details.pickupAt)}`;
    case 'other':
      return clip(details.description);
  }
}
