/** How a request reads to the resident: one summary line for lists, labelled lines for the detail. */
import { formatShanghai, type RequestDetails, type SupplyItem } from '../../domain';

const SUMMARY_MAX_CHARS = 30;
const SUMMARY_MAX_ITEMS = 3;

export function itemText(item: SupplyItem): string {
  return `${item.name} ${item.quantity}${item.unit ?? ''}`;
}

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

export interface DetailLine {
  label: string;
  value: string;
}

/** Everything filed, except supplies' item list, which the detail page shows as a list. */
export function detailLines(details: RequestDetails): DetailLine[] {
  switch (details.kind) {
    case 'supplies':
      return [];
    case 'medicine':
      return [
        { label: '药品', value: details.drug },
        { label: '数量', value: details.quantity },
      ];
    case 'transport': {
      const lines = [
        { label: '就医事由', value: details.reason },
        { label: '医院', value: details.hospital },
        { label: '接送时间', value: formatShanghai(details.pickupAt) },
        { label: '陪同人数', value: details.companions > 0 ? `${details.companions}人` : '无' },
      ];
      const r = details.recurrence;
      return r ? [...lines, { label: '周期接送', value: `每${r.everyDays}天一次，至${r.until}` }] : lines;
    }
    case 'other':
      return [{ label: '需要帮助', value: details.description }];
  }
}
