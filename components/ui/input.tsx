import type { ComponentPropsWithRef } from 'react';

/** The look shared by inputs, text areas and selects. Width and height are left to each control. */
export const controlClasses = [
  'block rounded-md border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-sm',
  'placeholder:text-zinc-400 focus:border-accent-500 focus-visible:outline-2 focus-visible:outline-offset-0',
  // Visibly not editable (dashed, greyed, flat), so a viewer sees at once that a field cannot be changed.
  'aria-invalid:border-danger-600 disabled:border-dashed disabled:bg-zinc-100 disabled:text-zinc-500 disabled:shadow-none',
  '[&[readonly]]:border-dashed [&[readonly]]:bg-zinc-100 [&[readonly]]:text-zinc-600 [&[readonly]]:shadow-none',
].join(' ');

export function Input({ className, ...rest }: ComponentPropsWithRef<'input'>) {
  return <input className={[controlClasses, 'h-10 w-full', className].filter(Boolean).join(' ')} {...rest} />;
}

export function Textarea({ className, rows = 3, ...rest }: ComponentPropsWithRef<'textarea'>) {
  return <textarea rows={rows} className={[controlClasses, 'w-full py-2', className].filter(Boolean).join(' ')} {...rest} />;
}
