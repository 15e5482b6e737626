import { type PropsWithChildren } from 'react';
import { Button } from '@tarojs/components';
import { keyboardTap } from './Tap';

interface AppButtonProps {
  kind?: 'primary' | 'plain' | 'danger';
  small?: boolean;
  disabled?: boolean;
  className?: string;
  onClick: () => void;
}

/**
 * The app's button: one look everywhere, a `disabled` that means the same on WeChat and H5, and on
 * H5 reachable with Tab and pressed with Enter or Space (`keyboardTap`), with a visible focus ring.
 */
export function AppButton({ kind = 'primary', small, disabled, className, onClick, children }: PropsWithChildren<AppButtonProps>) {
  const classes = ['btn', kind !== 'primary' && `btn--${kind}`, small && 'btn--small', disabled && 'btn--disabled', className]
    .filter(Boolean)
    .join(' ');
  return (
    // H5 renders disabled={false} as the attribute disabled="false", which its stylesheet greys out: pass it only when true
    <Button className={classes} disabled={disabled || undefined} onClick={onClick} {...keyboardTap(onClick, disabled)}>
      {children}
    </Button>
  );
}
