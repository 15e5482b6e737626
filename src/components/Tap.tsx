import { type PropsWithChildren } from 'react';
import { View } from '@tarojs/components';

/**
 * Keyboard access in the H5 build (a desk): Taro renders View and Button as custom elements that
 * Tab skips and Enter ignores. These props make one focusable (tabindex 0; -1 while disabled),
 * announce it as a button and run `onTap` on Enter or Space as a native button would. Taro's H5
 * components set each prop on the element (`tabIndex` → `element.tabIndex`) and listen for `on…`
 * props; WeChat has no keyboard, so the weapp build gets none of it.
 */
export function keyboardTap(onTap: () => void, disabled = false): Record<string, unknown> {
  if (process.env.TARO_ENV !== 'h5') return {};
  return {
    tabIndex: disabled ? -1 : 0,
    role: 'button',
    ...(disabled ? { 'aria-disabled': 'true' } : {}),
    onKeyDown: (e: KeyboardEvent) => {
      // only the element itself: Space typed in a field inside a tappable card stays a space
      if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault(); // Space would scroll the page
      if (!disabled && !e.repeat) onTap();
    },
  };
}

interface TapProps {
  className?: string;
  onTap: () => void;
  disabled?: boolean;
}

/** A tappable row, card or chip: the whole element is the target, by finger and by keyboard (`tap` draws the focus ring). */
export function Tap({ className, onTap, disabled, children }: PropsWithChildren<TapProps>) {
  return (
    <View className={className ? `tap ${className}` : 'tap'} onClick={disabled ? undefined : onTap} {...keyboardTap(onTap, disabled)}>
      {children}
    </View>
  );
}
