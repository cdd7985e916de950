import { useEffect } from 'react';
import { serializeSelection, parseFragment } from '../canvas/clipboard';
import type { EditorStore } from '../state/store';

export interface ShortcutCommands {
  save(): void;
  openHelp(): void;
  openCommands(): void;
}

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** A dialog is open: the keys belong to it, not to the graph behind it. */
function isInDialog(target: EventTarget | null): boolean {
  return (target instanceof Element && target.closest('dialog, [role="dialog"], [role="alertdialog"]') !== null) || document.querySelector('[role="dialog"][data-state="open"], [role="alertdialog"][data-state="open"]') !== null;
}

/**
 * Editor keyboard shortcuts; ignored while a dialog is open, and while typing in a field (so Ctrl+Z there
 * undoes text), except Ctrl+S, which saves from anywhere rather than opening the browser's "Save page".
 */
export function useShortcuts(store: EditorStore, isReadOnly: boolean, commands: ShortcutCommands): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isInDialog(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 's' && !event.shiftKey && !isReadOnly) return run(event, commands.save);
      if (isTyping(event.target)) return;
      if (!mod && event.key === '?') return run(event, commands.openHelp);
      if (!mod) return;
      if (key === 'k') return run(event, commands.openCommands);
      // The graph's, not the page's text: Ctrl+C after it copies the steps.
      if (key === 'a') return run(event, () => store.getState().selectOnly(store.getState().nodes.map((node) => node.id)));
      if (isReadOnly) return;
      const state = store.getState();
      if (key === 'z' && !event.shiftKey) return run(event, state.undo);
      if ((key === 'z' && event.shiftKey) || key === 'y') return run(event, state.redo);
      if (key === 'd') return run(event, () => duplicate(store));
      if (key === 'c') return void copy(store);
      if (key === 'v') return void paste(store);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, isReadOnly, commands]);
}

function run(event: KeyboardEvent, action: () => void): void {
  event.preventDefault();
  action();
}

/** Kept beside the system clipboard, which a browser may refuse to read without permission. */
let lastCopied: string | null = null;

async function copy(store: EditorStore): Promise<void> {
  const { nodes, edges } = store.getState();
  const text = serializeSelection(nodes, edges);
  if (!text) return;
  lastCopied = text;
  await navigator.clipboard?.writeText(text).catch(() => store.getState().setNotice('Copied inside this editor (the browser refused the clipboard)'));
}

async function paste(store: EditorStore): Promise<void> {
  const text = (await navigator.clipboard?.readText().catch(() => null)) ?? lastCopied;
  if (!text) return;
  const fragment = parseFragment(text, store.getState().nodes, 40);
  if (fragment) store.getState().insert(fragment.nodes, fragment.edges);
}

function duplicate(store: EditorStore): void {
  const { nodes, edges } = store.getState();
  const text = serializeSelection(nodes, edges);
  const fragment = text ? parseFragment(text, nodes, 40) : null;
  if (fragment) store.getState().insert(fragment.nodes, fragment.edges);
}
