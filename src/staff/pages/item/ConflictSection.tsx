import { Text, View } from '@tarojs/components';
import { AppButton } from '../../../components/AppButton';
import { Field } from '../../../components/Field';
import { KeyValue } from '../../../components/KeyValue';
import { TextArea } from '../../../components/TextInput';
import {
  CONFLICT_RESOLUTION_LABELS,
  CONFLICT_RESOLUTIONS,
  LIMITS,
  RELATION_LABELS,
  type ConflictResolution,
  type HouseholdConflictView,
  type MaskedHouseholdView,
} from '../../../domain';
import { Sheet } from '../../../components/Sheet';
import type { useConflict } from './useConflict';

/** What each choice does, in the words the worker will see before confirming. */
const EFFECT: Record<ConflictResolution, string> = {
  move: '该成员从原家庭移出，加入新登记的家庭。',
  keep: '该成员留在原家庭，新登记的家庭不包含此人。',
  merge: '新登记的家庭并入原家庭：其成员、报备、求助和账号都归入原家庭。',
};

function HouseholdCard({ title, household }: { title: string; household: MaskedHouseholdView }) {
  return (
    <View className="conflict__household">
      <Text className="card__title">{title}</Text>
      <KeyValue label="地址" value={household.address} />
      <KeyValue label="网格" value={household.gridName} />
      <KeyValue label="账号" value={household.hasOwners ? '居民本人报备' : '仅网格员代报'} />
      {household.members.length === 0 && <Text className="muted">暂无成员</Text>}
      {household.members.map((m) => (
        <Text key={`${m.name}${m.idMasked}`} className="member__line">
          {m.name} · {RELATION_LABELS[m.relation]} · {m.idMasked}
        </Text>
      ))}
    </View>
  );
}

/** A person listed by another household's filing: both households masked, and the decision. */
export function ConflictSection({
  conflict,
  open,
  decide,
}: {
  conflict: HouseholdConflictView;
  open: boolean;
  decide: ReturnType<typeof useConflict>;
}) {
  return (
    <View className="card">
      <Text className="hero">{conflict.person.name}</Text>
      <Text className="muted">
        另一户将其登记为「{RELATION_LABELS[conflict.claimed.relation]}」（{conflict.claimed.idMasked}
        ）。请电话或入户核实此人实际属于哪一户。
      </Text>
      <HouseholdCard title="原家庭（此人现在所在）" household={conflict.existing} />
      <HouseholdCard title="新登记的家庭" household={conflict.claimant} />
      {conflict.status === 'resolved' && conflict.resolution && (
        <View className="conflict__done">
          <KeyValue label="处理结果" value={CONFLICT_RESOLUTION_LABELS[conflict.resolution]} />
          {conflict.resolvedBy && <KeyValue label="处理人" value={conflict.resolvedBy} />}
          {conflict.note && <KeyValue label="说明" value={conflict.note} />}
        </View>
      )}
      {open &&
        CONFLICT_RESOLUTIONS.map((r) => (
          <AppButton key={r} kind={r === 'keep' ? 'primary' : 'plain'} onClick={() => decide.choose(r)}>
            {CONFLICT_RESOLUTION_LABELS[r]}
          </AppButton>
        ))}
      {decide.choice && (
        <Sheet title={CONFLICT_RESOLUTION_LABELS[decide.choice]} onDismiss={decide.dismiss}>
          <Text className="conflict__effect">{EFFECT[decide.choice]}</Text>
          <Field label="说明（选填，记入审计）" error={decide.error ?? undefined}>
            <TextArea
              className="textarea"
              value={decide.note}
              maxlength={LIMITS.note}
              placeholder="如：电话核实，此人已搬至新址"
              onInput={(e) => decide.setNote(e.detail.value)}
            />
          </Field>
          <AppButton disabled={decide.busy} onClick={decide.confirm}>
            {decide.busy ? '正在提交…' : '确认'}
          </AppButton>
          <AppButton kind="plain" onClick={decide.dismiss}>
            取消
          </AppButton>
        </Sheet>
      )}
    </View>
  );
}
