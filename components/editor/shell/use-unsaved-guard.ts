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

/** The page an address shows: the run panel's `run` parameter and the hash change nothing that is edited. */
function pageOf(href: string): string {
  const url = new URL(href, window.location.href);
  url.searchParams.delete('run');
  url.hash = '';
  return url.href;
}

/** What a Navigation API `navigate` event tells (TypeScript's DOM types do not have the API yet). */
interface NavigateEventLike extends Event {
  navigationType: string;
  destination: { url: string };
}

const isNavigateEvent = (event: Event): event is NavigateEventLike => 'navigationType' in event && 'destination' in event;

/**
 * Warns before leaving with unsaved changes: closing or reloading the tab (beforeunload), in-app links
 * such as the header's, which navigate without unloading the page, and the browser's Back and Forward.
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
    // Back and Forward: popstate comes after the move, and the router acts on it first. The Navigation
    // API asks before a traversal, and lets it be refused.
    const navigation = 'navigation' in window && window.navigation instanceof EventTarget ? window.navigation : null;
    const onNavigate = (event: Event) => {
      if (!isNavigateEvent(event) || event.navigationType !== 'traverse' || !event.cancelable) return;
      if (pageOf(event.destination.url) === pageOf(window.location.href)) return;
      if (!window.confirm(UNSAVED_MESSAGE)) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('click', onClick, true);
    navigation?.addEventListener('navigate', onNavigate);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('click', onClick, true);
      navigation?.removeEventListener('navigate', onNavigate);
    };
  }, [isDirty]);
}
