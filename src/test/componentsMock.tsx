/**
 * `@tarojs/components` for page tests: plain DOM elements with Taro's event shapes
 * (`onInput({ detail: { value } })`, `onChange({ detail: { value } })`). A Picker renders its
 * children (what the resident sees) plus a <select>/<input> labelled by its `headerText`, which
 * tests change to pick a value.
 */
import { type ReactNode } from 'react';

interface Base {
  className?: string;
  children?: ReactNode;
  onClick?: () => void;
}

type Detail<T> = { detail: T };

export function View({ className, children, onClick }: Base) {
  return (
    <div className={className} onClick={onClick}>
      {children}
    </div>
  );
}

export function Text({ className, children, onClick }: Base) {
  return (
    <span className={className} onClick={onClick}>
      {children}
    </span>
  );
}

export function Button({ className, children, onClick, disabled }: Base & { disabled?: boolean }) {
  return (
    <button className={className} disabled={disabled} onClick={onClick}>
      {children}
    </button>
  );
}

interface InputLike {
  className?: string;
  value?: string;
  placeholder?: string;
  type?: string;
  maxlength?: number;
  onInput?: (e: Detail<{ value: string }>) => void;
}

export function Input({ className, value, placeholder, type, maxlength, onInput }: InputLike) {
  return (
    <input
      className={className}
      value={value ?? ''}
      placeholder={placeholder}
      data-type={type}
      maxLength={maxlength}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    />
  );
}

export function Textarea({ className, value, placeholder, maxlength, onInput }: InputLike) {
  return (
    <textarea
      className={className}
      value={value ?? ''}
      placeholder={placeholder}
      maxLength={maxlength}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    />
  );
}

interface PickerLike {
  mode?: 'selector' | 'date' | 'region';
  headerText?: string;
  range?: readonly (string | number)[];
  value?: number | string | string[];
  disabled?: boolean;
  children?: ReactNode;
  onChange?: (e: Detail<{ value: number | string | string[] }>) => void;
}

export function Picker({ mode = 'selector', headerText, range = [], value, disabled, children, onChange }: PickerLike) {
  const control =
    mode === 'selector' ? (
      <select
        aria-label={headerText}
        disabled={disabled}
        value={String(value ?? 0)}
        onChange={(e) => onChange?.({ detail: { value: Number(e.target.value) } })}
      >
        {range.map((label, i) => (
          <option key={String(label)} value={String(i)}>
            {label}
          </option>
        ))}
      </select>
    ) : mode === 'date' ? (
      <input
        aria-label={headerText}
        type="date"
        value={String(value ?? '')}
        onChange={(e) => onChange?.({ detail: { value: e.target.value } })}
      />
    ) : (
      <input
        aria-label={headerText}
        value={Array.isArray(value) ? value.join(' ') : ''}
        onChange={(e) => onChange?.({ detail: { value: e.target.value.split(' ') } })}
      />
    );
  return (
    <div>
      {children}
      {control}
    </div>
  );
}

export function Image({ className, src, ariaLabel }: { className?: string; src?: string; mode?: string; ariaLabel?: string }) {
  return <img className={className} src={src} alt={ariaLabel ?? ''} />;
}
