import { Text, View } from '@tarojs/components';
import { AppButton } from '../../components/AppButton';
import { Field } from '../../components/Field';
import { TextInput } from '../../components/TextInput';
import { MAX_SUPPLY_ITEMS } from '../../domain';
import { MAX_QUANTITY, MIN_QUANTITY, type ItemDraft } from './formModel';
import { Stepper } from './Stepper';

interface SuppliesFieldsProps {
  items: readonly ItemDraft[];
  errors: Record<string, string>;
  onChange: (key: number, patch: Partial<Omit<ItemDraft, 'key'>>) => void;
  onAdd: () => void;
  onRemove: (key: number) => void;
}

/** The shopping list: one row per item (name, quantity, unit), rows added and removed freely. */
export function SuppliesFields({ items, errors, onChange, onAdd, onRemove }: SuppliesFieldsProps) {
  const errorOf = (key: number, field: keyof Omit<ItemDraft, 'key'>) => errors[`items.${key}.${field}`];
  return (
    <View>
      {errors['details.items'] && <Text className="field__error new__items-error">{errors['details.items']}</Text>}
      {items.map((item, index) => (
        <View key={item.key} className="new__item">
          <View className="row">
            <Text className="new__item-title">物品 {index + 1}</Text>
            <AppButton kind="plain" small onClick={() => onRemove(item.key)}>
              删除
            </AppButton>
          </View>
          <Field label="物品名称" required error={errorOf(item.key, 'name')}>
            <TextInput
              className={errorOf(item.key, 'name') ? 'input input--error' : 'input'}
              value={item.name}
              placeholder="如：大米、鸡蛋、尿不湿"
              maxlength={30}
              onInput={(e) => onChange(item.key, { name: e.detail.value })}
            />
          </Field>
          <View className="new__item-amount">
            <Field label="数量" required error={errorOf(item.key, 'quantity')}>
              <Stepper
                value={item.quantity}
                min={MIN_QUANTITY}
                max={MAX_QUANTITY}
                placeholder="数量"
                invalid={!!errorOf(item.key, 'quantity')}
                onChange={(quantity) => onChange(item.key, { quantity })}
              />
            </Field>
            <Field label="单位" error={errorOf(item.key, 'unit')}>
              <TextInput
                className={errorOf(item.key, 'unit') ? 'input new__unit input--error' : 'input new__unit'}
                value={item.unit}
                placeholder="如：袋"
                maxlength={10}
                onInput={(e) => onChange(item.key, { unit: e.detail.value })}
              />
            </Field>
          </View>
        </View>
      ))}
      {items.length < MAX_SUPPLY_ITEMS && (
        <AppButton kind="plain" onClick={onAdd}>
          添加物品
        </AppButton>
      )}
    </View>
  );
}
