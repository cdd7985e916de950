import type { SelectHTMLAttributes } from 'react';
import { controlClasses } from './input';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  options: readonly SelectOption[];
  controlSize?: 'sm' | 'md';
  /** Width classes; the select fills its container by default. */
  widthClassName?: string;
}

export function Select({ options, controlSize = 'md', widthClassName = 'w-full', className, ...rest }: SelectProps) {
  const height = controlSize === 'sm' ? 'h-8' : 'h-10';
  return (
    <select className={[controlClasses, height, 'pr-8', widthClassName, className].filter(Boolean).join(' ')} {...rest}>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
