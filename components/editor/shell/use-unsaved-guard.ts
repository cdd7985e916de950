import { useEffect } from 'react';
import { useEditorStore } from '../state/editor-context';

export const UNSAVED_MESSAGE = 'This mastery has unsaved changes. Leave without saving them?';

/** An in-app link that would leave this page: same origin, same tab, another path or query. */
function leavingLink(event: MouseEvent): HTMLAnchorElement | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== '_self') || link.hasAttribute('download')) return null;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  return url.pathname === window.location.pathname && url.search === window.location.search ? null : link;
}

/**
 * Warns before leaving with unsaved changes: closing or reloading the tab (beforeunload), and in-app
 * links such as the header's, which navigate without unloading the page.
 */
export function useUnsavedGuard(): void {
  const isDirty = useEditorStore((s) => s.isDirty);
  useEffect(() => {
    if (!isDirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    // Capture phase on window: runs before React's handlers, so a refused click never reaches <Link>.
    const onClick = (event: MouseEvent) => {
      if (!leavingLink(event) || window.confirm(UNSAVED_MESSAGE)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('click', onClick, true);
    };
  }, [isDirty]);
}
