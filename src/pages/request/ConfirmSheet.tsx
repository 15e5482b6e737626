import { type PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';
import './request.css';

interface ConfirmSheetProps {
  title: string;
  /** tapping the dimmed background: the same as the sheet's own way back */
  onDismiss: () => void;
}

/**
 * A dialog drawn in the page rather than `showModal`: the platform dialogs use small type, cannot
 * hold a text field on H5, and give at most two buttons. The buttons are the children.
 */
export function ConfirmSheet({ title, onDismiss, children }: PropsWithChildren<ConfirmSheetProps>) {
  return (
    <View className="sheet">
      <View className="sheet__mask" onClick={onDismiss} />
      <View className="sheet__panel">
        <Text className="sheet__title">{title}</Text>
        {children}
      </View>
    </View>
  );
}
