import { Text, View } from '@tarojs/components';
import { KeyValue } from '../../components/KeyValue';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/Pickers';
import { roomsOfUnit, type BuildingView } from '../../domain';
import { buildingLabel } from '../../services/places';

interface PlaceFieldsProps {
  communityName: string;
  buildings: readonly BuildingView[];
  fixedBuilding: boolean;
  building: BuildingView | null;
  unit: string | null;
  room: string | null;
  errors: Record<string, string>;
  onBuilding: (buildingId: string) => void;
  onUnit: (unit: string) => void;
  onRoom: (room: string) => void;
}

/** Building (unless the QR code was a building's), unit and room. */
export function PlaceFields({
  communityName,
  buildings,
  fixedBuilding,
  building,
  unit,
  room,
  errors,
  onBuilding,
  onUnit,
  onRoom,
}: PlaceFieldsProps) {
  const units = building?.units ?? [];
  const unitInfo = units.find((u) => u.name === unit);
  const rooms = unitInfo ? roomsOfUnit(unitInfo) : [];
  return (
    <View className="card">
      <Text className="card__title">房屋信息</Text>
      {communityName && <KeyValue label="社区" value={communityName} />}
      {fixedBuilding && building ? (
        <KeyValue label="楼栋" value={buildingLabel(building)} />
      ) : (
        <Field label="楼栋" required error={errors.buildingId}>
          <SelectField
            title="楼栋"
            choices={buildings.map((b) => ({ value: b.id, label: buildingLabel(b) }))}
            value={building?.id ?? null}
            placeholder="请选择楼栋"
            onChange={onBuilding}
            invalid={!!errors.buildingId}
          />
        </Field>
      )}
      <Field label="单元" required error={errors.unit}>
        <SelectField
          title="单元"
          choices={units.map((u) => ({ value: u.name, label: u.name }))}
          value={unit}
          placeholder={building ? '请选择单元' : '请先选择楼栋'}
          onChange={onUnit}
          invalid={!!errors.unit}
        />
      </Field>
      <Field label="房号" required error={errors.room}>
        <SelectField
          title="房号"
          choices={rooms.map((r) => ({ value: r, label: `${r} 室` }))}
          value={room}
          placeholder={unitInfo ? '请选择房号' : '请先选择单元'}
          onChange={onRoom}
          invalid={!!errors.room}
        />
      </Field>
    </View>
  );
}
