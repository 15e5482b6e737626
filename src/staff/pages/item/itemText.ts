/** How an item's report and request read to the worker: labelled lines. */
import {
  formatShanghai,
  HEALTH_CODE_LABELS,
  NUCLEIC_RESULT_LABELS,
  SYMPTOM_LABELS,
  TRANSPORT_LABELS,
  type MemberHealthInput,
  type RequestDetails,
  type StaffRequestAction,
  type SupplyItem,
  type TravelInput,
} from '../../../domain';

export interface Line {
  label: string;
  value: string;
}

export function itemText(item: SupplyItem): string {
  return `${item.name} ${item.quantity}${item.unit ?? ''}`;
}

/** Everything the resident asked for, except supplies' item list (shown as a list). */
export function requestLines(details: RequestDetails): Line[] {
  switch (details.kind) {
    case 'supplies':
      return [];
    case 'medicine':
      return [
        { label: '药品', value: details.drug },
        { label: '数量', value: details.quantity },
        ...(details.prescriptionFileId ? [{ label: '处方', value: '已上传处方照片' }] : []),
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

export function travelLines(travel: TravelInput): Line[] {
  return [
    { label: '出发地', value: [travel.fromRegion.join(' '), travel.fromDetail].filter(Boolean).join(' ') },
    { label: '到达日期', value: travel.arrivalDate },
    { label: '交通方式', value: [TRANSPORT_LABELS[travel.transport], travel.transportNo].filter(Boolean).join(' ') },
  ];
}

/** `36.5℃ · 绿码 · 无症状 · 疫苗3针 · 核酸 11-20 阴性` */
export function healthText(health: MemberHealthInput): string {
  const parts = [
    health.temperature !== undefined ? `${health.temperature.toFixed(1)}℃` : '',
    HEALTH_CODE_LABELS[health.healthCode],
    health.symptoms.length > 0 ? health.symptoms.map((s) => SYMPTOM_LABELS[s]).join('、') : '无症状',
    health.vaccineDoses !== undefined ? `疫苗${health.vaccineDoses}针` : '',
    health.nucleicAcidDate
      ? `核酸 ${health.nucleicAcidDate}${health.nucleicAcidResult ? ` ${NUCLEIC_RESULT_LABELS[health.nucleicAcidResult]}` : ''}`
      : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

/** What the worker is told after an action went through. */
export const ACTION_DONE: Record<StaffRequestAction, string> = {
  accept: '已受理，请尽快办理',
  start: '已开始办理',
  complete: '已办结，居民会看到“已完成”',
  reject: '已不予受理，居民会看到原因',
  escalate: '已上报社区',
};
