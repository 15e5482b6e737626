import { type PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';

interface FieldProps {
  label: string;
  required?: boolean;
  hint?: string;
  /** shown in red under the field */
  error?: string;
}

/** A labelled form field with its hint and its error message right below it. */
export function Field({ label, required, hint, error, children }: PropsWithChildren<FieldProps>) {
  return (
    <View className="field">
      <Text className="field__label">
        {label}
        {required && <Text className="field__required">*</Text>}
      </Text>
      {children}
      {hint && <Text className="field__hint">{hint}</Text>}
      {error && <Text className="field__error">{error}</Text>}
    </View>
  );
}
