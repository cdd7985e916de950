import type { ReactNode } from 'react';

export interface CardProps {
  title?: string;
  description?: ReactNode;
  /** Buttons or links shown at the right of the title. */
  actions?: ReactNode;
  className?: string;
  /** An anchor, so other pages can link straight to this section. */
  id?: string;
  children?: ReactNode;
}

/** A white panel with an optional heading; sections of a page are cards. */
export function Card({ title, description, actions, className, id, children }: CardProps) {
  return (
    <section id={id} className={['scroll-mt-6 rounded-lg border border-zinc-200 bg-white shadow-sm', className].filter(Boolean).join(' ')}>
      {(title || actions) && (
        <header className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-200 px-5 py-4">
          <div className="min-w-0">
            {title && <h2 className="text-base font-semibold text-zinc-900">{title}</h2>}
            {description && <p className="mt-1 text-sm text-zinc-600">{description}</p>}
          </div>
          {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}
