import { useState } from 'react';
import { Picker, Text, View } from '@tarojs/components';
import { TextInput } from '../../components/TextInput';

interface RegionFieldProps {
  value: string[];
  onChange: (value: string[]) => void;
  invalid?: boolean;
}

/**
 * Where the resident came from. WeChat has a province/city/district picker; Taro's H5 Picker has
 * no region mode (it throws), so H5 takes the same parts as text separated by spaces.
 */
export function RegionField({ value, onChange, invalid }: RegionFieldProps) {
  const [text, setText] = useState(value.join(' '));
  const boxClass = invalid ? 'picker-box picker-box--error' : 'picker-box';

  if (process.env.TARO_ENV === 'weapp') {
    return (
      <Picker mode="region" value={value} onChange={(e) => onChange(e.detail.value)}>
        <View className={boxClass}>
          {value.length > 0 ? <Text>{value.join(' ')}</Text> : <Text className="picker-box__placeholder">请选择省、市、区</Text>}
          <Text className="picker-box__arrow">›</Text>
        </View>
      </Picker>
    );
  }
  return (
    <TextInput
      className={invalid ? 'input input--error' : 'input'}
      value={text}
      placeholder="出发地，如：湖北省 武汉市 江岸区"
      maxlength={60}
      onInput={(e) => {
        setText(e.detail.value);
        onChange(e.detail.value.split(/[\s/,，、]+/).filter(Boolean));
      }}
    />
  );
}
