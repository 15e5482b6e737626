/** Valid test identities, generated rather than copied from real people. */
import { idCardCheckChar } from '../../src/domain/idcard';
import type { HouseholdReportInput, IdType, MemberInput } from '../../src/domain/household';

/** A member as a first filing types them: with their document (no reference to a stored person). */
export type TypedMember = MemberInput & { idType: IdType; idNumber: string };
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/household';
import { shanghaiDateString } from '../../src/domain/time';
import { now as clockNow } from '../../cloudfunctions/common/clock';

/** A valid 居民身份证 number for a Beijing Chaoyang birth on `birth` (YYYYMMDD) with sequence `seq`. */
export function idCard(birth: string, seq: number, region = '110105'): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

let counter = 0;
export function requestId(): string {
  counter += 1;
  return `test-req-${Date.now().toString(36)}-${counter}`;
}

/** A family whose ID numbers differ from every other seed's (seed 0-999; members differ by birth date). */
export function familyOfThree(seed = 1): TypedMember[] {
  const seq = seed % 1000;
  return [
    { name: '张伟', relation: 'self', idType: 'id_card', idNumber: idCard('19850312', seq), phone: '13812345678' },
    { name: '王芳', relation: 'spouse', idType: 'id_card', idNumber: idCard('19870708', seq), phone: '13987654321' },
    { name: '张小明', relation: 'child', idType: 'id_card', idNumber: idCard('20180101', seq) },
  ];
}

export function householdReport(buildingId: string, overrides: Partial<HouseholdReportInput> = {}): HouseholdReportInput {
  return {
    clientRequestId: requestId(),
    buildingId,
    unit: '1单元',
    room: '101',
    category: 'returning',
    members: familyOfThree(),
    travel: {
      fromRegion: ['湖北省', '武汉市', '江汉区'],
      // three days before the functions' clock (a test may pin it to a past day: never a date after it)
      arrivalDate: shanghaiDateString(new Date(clockNow().getTime() - 3 * 86_400_000)),
      transport: 'train',
      transportNo: 'G1234',
    },
    consent: { privacy: true, healthTravel: true, version: PRIVACY_NOTICE_VERSION },
    ...overrides,
  };
}
