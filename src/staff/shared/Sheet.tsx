import { type PropsWithChildren } from 'react';
import { Text, View } from '@tarojs/components';
import './staff.css';

interface SheetProps {
  title: string;
  /** tapping the dimmed background: the same as the sheet's own way back */
  onDismiss: () => void;
}

/**
 * A bottom sheet drawn in the page rather than `showModal`: the platform dialogs use small type,
 * cannot hold a text field on H5 and give at most two buttons. The fields and buttons are children.
 */
export function Sheet({ title, onDismiss, children }: PropsWithChildren<SheetProps>) {
  return (
    <View className="staff-sheet">
      <View className="staff-sheet__mask" onClick={onDismiss} />
      <View className="staff-sheet__panel">
        <Text className="staff-sheet__title">{title}</Text>
        {children}
      </View>
    </View>
  );
}
