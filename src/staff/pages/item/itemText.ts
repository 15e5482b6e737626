/** How an item's report reads to the worker, and what the worker is told after an action. */
import {
  HEALTH_CODE_LABELS,
  NUCLEIC_RESULT_LABELS,
  SYMPTOM_LABELS,
  TRANSPORT_LABELS,
  type MemberHealthInput,
  type StaffRequestAction,
  type TravelInput,
} from '../../../domain';
import { type Line } from '../../../components/KeyValue';

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
