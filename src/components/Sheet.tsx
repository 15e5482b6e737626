import { type PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';
import './Sheet.css';

interface SheetProps {
  title: string;
  /** tapping the dimmed background: the same as the sheet's own way back */
  onDismiss: () => void;
}

/**
 * A bottom sheet drawn in the page rather than `showModal`: the platform dialogs use small type,
 * cannot hold a text field on H5 and give at most two buttons. The text, fields and buttons are
 * the children (`sheet__text` for a paragraph).
 */
export function Sheet({ title, onDismiss, children }: PropsWithChildren<SheetProps>) {
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
