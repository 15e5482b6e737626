import { Input, Textarea } from '@tarojs/components';
import { type InputProps } from '@tarojs/components/types/Input';
import { type TextareaProps } from '@tarojs/components/types/Textarea';

/**
 * Taro's H5 components copy string props onto their custom-element host as attributes, so a
 * `placeholder` would sit on both the host and the inner <input>, and a lookup by placeholder
 * (screen readers, browser tests) would find two. `nativeProps` reach only the inner element.
 */
function placeholderProps(placeholder: string): { placeholder?: string; nativeProps?: Record<string, unknown> } {
  return process.env.TARO_ENV === 'h5' ? { nativeProps: { placeholder } } : { placeholder };
}

export function TextInput({ placeholder, ...rest }: Omit<InputProps, 'placeholder' | 'nativeProps'> & { placeholder: string }) {
  return <Input {...rest} {...placeholderProps(placeholder)} />;
}

export function TextArea({ placeholder, ...rest }: Omit<TextareaProps, 'placeholder' | 'nativeProps'> & { placeholder: string }) {
  return <Textarea {...rest} {...placeholderProps(placeholder)} />;
}
