import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { CheckRow } from '../../../components/CheckRow';
import { Sheet } from '../../../components/Sheet';
import { type PersonLine } from './PersonCard';

interface IsolateManySheetProps {
  /** the members not under isolation now */
  persons: readonly PersonLine[];
  onStart: (persons: PersonLine[]) => void;
  onDismiss: () => void;
}

/** A household of close contacts: choose the members (all, to begin with) and start their isolation together. */
export function IsolateManySheet({ persons, onStart, onDismiss }: IsolateManySheetProps) {
  const [chosen, setChosen] = useState<string[]>(persons.map((p) => p.personId));
  const picked = persons.filter((p) => chosen.includes(p.personId));
  return (
    <Sheet title="多人开始居家隔离" onDismiss={onDismiss}>
      <Text className="sheet__text muted">为同住的家庭成员一起开始居家隔离或健康监测，下一步填写类型、日期和原因。</Text>
      {persons.map((p) => (
        <CheckRow
          key={p.personId}
          checked={chosen.includes(p.personId)}
          label={`${p.name}（${p.role}）`}
          onToggle={() => setChosen((list) => (list.includes(p.personId) ? list.filter((id) => id !== p.personId) : [...list, p.personId]))}
        />
      ))}
      <View className="staff-buttons">
        <AppButton kind="plain" onClick={onDismiss}>
          取消
        </AppButton>
        <AppButton disabled={picked.length === 0} onClick={() => onStart(picked)}>
          {`为所选${picked.length}人开始`}
        </AppButton>
      </View>
    </Sheet>
  );
}
