/**
 * Deterministic, valid synthetic people for the benchmark: ID card numbers, names and phones that
 * pass the real validation (`parseIdCard`, `parsePhone`, the name pattern) and never collide.
 *
 * Person number `n` maps to exactly one ID number per province prefix, so
 * - the preload (province 11) can be extended later (100k → 1M) without repeating a number, and
 *   any process that knows the data dir's hash key can recompute the ID hash of preloaded person
 *   `n` (the lookup benchmark needs known hashes without storing a list);
 * - people filed over HTTP under load use another province (31) and a counter, so they never
 *   collide with the preload or with each other.
 */
import type { HouseholdReportInput, MemberInput } from '../../src/domain/household';
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/household';
import { idCardCheckChar } from '../../src/domain/idcard';
import { shanghaiDateString } from '../../src/domain/time';

/** Province prefix of preloaded persons (北京). */
export const PRELOAD_PROVINCE = '11';
/** Province prefix of persons filed through HTTP during the load tests (上海). */
export const LOAD_PROVINCE = '31';

const DAY_MS = 86_400_000;

/** Birth-date ranges: adults (always given a phone) and children under 14 (phone optional). */
export const ADULTS = { from: Date.UTC(1950, 0, 1), days: 40 * 365 } as const;
export const CHILDREN = { from: Date.UTC(2015, 0, 1), days: 5 * 365 } as const;

/**
 * The `n`-th ID card number of a province and birth range: the sequence code (3 digits) cycles
 * fastest, then the birth date, then the 4 region digits after the province. Unique for
 * n < 10,000 × days × 1,000 (146 billion adults, 18 billion children).
 */
export function idNumber(province: string, n: number, range: { from: number; days: number }): string {
  const seq = n % 1000;
  const rest = Math.floor(n / 1000);
  const day = rest % range.days;
  const region = Math.floor(rest / range.days);
  if (region >= 10_000) throw new RangeError(`person number ${n} is out of range`);
  const birth = new Date(range.from + day * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${province}${String(region).padStart(4, '0')}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '文', '华', '欣怡', '子轩', '浩然'];

export function personName(n: number): string {
  return SURNAMES[n % SURNAMES.length] + GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length];
}

/** A mainland mobile number (`1[3-9]` + 9 digits) derived from `n`. */
export function phoneNumber(n: number): string {
  return `1${3 + (n % 7)}${String(n % 1_000_000_000).padStart(9, '0')}`;
}

/**
 * The payload of one load-test `report.submit`: a family of three new persons (two adults with
 * phones, one child without), unique by `seq`, with health and travel data like a real filing.
 */
export function submissionPayload(seq: number, place: { buildingId: string; unit: string; room: string }, now: Date): HouseholdReportInput {
  const health = { temperature: 36.5, symptoms: [], healthCode: 'green' as const };
  const members: MemberInput[] = [
    { name: personName(seq), relation: 'self', idType: 'id_card', idNumber: idNumber(LOAD_PROVINCE, 2 * seq, ADULTS), phone: phoneNumber(2 * seq), health },
    { name: personName(seq + 7), relation: 'spouse', idType: 'id_card', idNumber: idNumber(LOAD_PROVINCE, 2 * seq + 1, ADULTS), phone: phoneNumber(2 * seq + 1), health },
    { name: personName(seq + 13), relation: 'child', idType: 'id_card', idNumber: idNumber(LOAD_PROVINCE, seq, CHILDREN), health },
  ];
  return {
    clientRequestId: `bench-sub-${process.pid}-${seq}`,
    buildingId: place.buildingId,
    unit: place.unit,
    room: place.room,
    category: 'returning',
    members,
    travel: { fromRegion: ['湖北省', '武汉市', '江汉区'], arrivalDate: shanghaiDateString(new Date(now.getTime() - 3 * DAY_MS)), transport: 'train', transportNo: 'G1234' },
    consent: { privacy: true, healthTravel: true, version: PRIVACY_NOTICE_VERSION },
  };
}
