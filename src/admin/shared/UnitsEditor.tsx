import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { Field } from '../../components/Field';
import { TextInput } from '../../components/TextInput';
import { HIERARCHY_LIMITS, roomRange, type BuildingUnit } from '../../domain';

/** A unit as typed: numbers as text until saved. */
export interface UnitDraft {
  name: string;
  floors: string;
  roomsPerFloor: string;
}

export const draftOf = (units: readonly BuildingUnit[]): UnitDraft[] =>
  units.map((u) => ({ name: u.name, floors: String(u.floors), roomsPerFloor: String(u.roomsPerFloor) }));

export const DEFAULT_UNITS: UnitDraft[] = [{ name: '1单元', floors: '6', roomsPerFloor: '2' }];

/** The units as the server takes them; the server checks the ranges (and says which field is wrong). */
export const unitsOf = (drafts: readonly UnitDraft[]): BuildingUnit[] =>
  drafts.map((d) => ({ name: d.name.trim(), floors: Number(d.floors) || 0, roomsPerFloor: Number(d.roomsPerFloor) || 0 }));

interface Props {
  units: UnitDraft[];
  onChange: (units: UnitDraft[]) => void;
  /** field errors by path (`units.0.floors`) */
  errors: Record<string, string>;
}

/** A building's units: name, floors and rooms per floor each, with the room numbers they give. */
export function UnitsEditor({ units, onChange, errors }: Props) {
  const set = (i: number, patch: Partial<UnitDraft>) => onChange(units.map((u, k) => (k === i ? { ...u, ...patch } : u)));
  return (
    <View>
      {units.map((u, i) => {
        const parsed = unitsOf([u])[0];
        const valid =
          parsed.floors >= 1 &&
          parsed.floors <= HIERARCHY_LIMITS.floors &&
          parsed.roomsPerFloor >= 1 &&
          parsed.roomsPerFloor <= HIERARCHY_LIMITS.roomsPerFloor;
        return (
          <View key={i}>
            <View className="adm-unit">
              <Field label="单元" error={errors[`units.${i}.name`]}>
                <TextInput className="input" value={u.name} placeholder="如：1单元" onInput={(e) => set(i, { name: e.detail.value })} />
              </Field>
              <Field label="层数" error={errors[`units.${i}.floors`]}>
                <TextInput
                  className="input"
                  type="number"
                  value={u.floors}
                  placeholder="层数"
                  onInput={(e) => set(i, { floors: e.detail.value })}
                />
              </Field>
              <Field label="每层户数" error={errors[`units.${i}.roomsPerFloor`]}>
                <TextInput
                  className="input"
                  type="number"
                  value={u.roomsPerFloor}
                  placeholder="每层户数"
                  onInput={(e) => set(i, { roomsPerFloor: e.detail.value })}
                />
              </Field>
              {units.length > 1 && (
                <AppButton kind="plain" small onClick={() => onChange(units.filter((_, k) => k !== i))}>
                  删除
                </AppButton>
              )}
            </View>
            <Text className="field__hint">
              {valid ? `房号 ${roomRange(parsed)}` : `层数 1–${HIERARCHY_LIMITS.floors}，每层户数 1–${HIERARCHY_LIMITS.roomsPerFloor}`}
            </Text>
          </View>
        );
      })}
      {errors.units && <Text className="field__error">{errors.units}</Text>}
      {units.length < HIERARCHY_LIMITS.units && (
        <AppButton
          kind="plain"
          small
          onClick={() =>
            onChange([
              ...units,
              {
                name: `${units.length + 1}单元`,
                floors: units[units.length - 1]?.floors ?? '6',
                roomsPerFloor: units[units.length - 1]?.roomsPerFloor ?? '2',
              },
            ])
          }
        >
          添加单元
        </AppButton>
      )}
    </View>
  );
}

/** Field errors of a failed call, keyed by path (the server's `errors`, or its one `field`). */
export function fieldErrors(res: {
  message: string;
  field?: string;
  errors?: Array<{ field: string; message: string }>;
}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of res.errors ?? []) out[e.field] ??= e.message;
  if (res.field) out[res.field] ??= res.message;
  return out;
}
