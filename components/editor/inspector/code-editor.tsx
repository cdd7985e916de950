'use client';
/**
 * The CodeMirror 6 view behind expression fields, loaded on demand (expression-field.tsx imports it
 * lazily). Every change goes out through `onChange`, the same store update the plain textarea made, and a
 * value changed from outside (the editor's undo) is put back into the view without echoing it.
 * Tab is left to the browser, so keyboard users move on from the field as from any other; Enter accepts a
 * completion, even one offered the moment Enter was pressed (enter-accepts-completion.ts).
 */
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { autocompletion, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Annotation, Compartment, EditorState, Transaction } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderText } from '@codemirror/view';
import type { FieldControlProps } from '@/components/ui/field';
import type { PathCompletion } from './expression-completions';
import type { EditorMode } from './expression-preview';
import { enterAcceptsCompletion } from './enter-accepts-completion';
import { jsonataLanguage, jsonataTemplateLanguage } from './jsonata-language';

export interface CodeEditorHandle {
  /** Replaces the selection with `text` and focuses the field. */
  insert(text: string): void;
}

export interface CodeEditorProps {
  control: FieldControlProps;
  label: string;
  value: string;
  mode: EditorMode;
  isReadOnly: boolean;
  rows: number;
  placeholder?: string;
  complete(textBefore: string): PathCompletion | null;
  onChange(next: string): void;
  handleRef?: Ref<CodeEditorHandle>;
}

/** Marks a change that came from the `value` prop, so it is not sent back through onChange. */
const fromOutside = Annotation.define<boolean>();

const theme = EditorView.theme({
  '&': { fontSize: '12px', border: '1px solid var(--color-zinc-300, #d4d4d8)', borderRadius: '0.375rem', backgroundColor: '#fff' },
  '&.cm-focused': { outline: '2px solid var(--color-accent-600, #4f46e5)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--font-mono, ui-monospace, monospace)', lineHeight: '1.5' },
  '.cm-content': { padding: '6px 0' },
  '.cm-line': { padding: '0 8px' },
  '.cm-placeholder': { color: '#52525b' },
  '.cm-tooltip-autocomplete': { fontSize: '12px' },
});

function completionSource(complete: () => CodeEditorProps['complete']) {
  return (context: CompletionContext): CompletionResult | null => {
    const before = context.state.doc.sliceString(0, context.pos);
    const found = complete()(before);
    if (found === null) return null;
    // While typing, offer names after a dot or inside a word; anywhere when asked (Ctrl+Space).
    if (found.from === context.pos && !context.explicit && !before.endsWith('.')) return null;
    return { from: found.from, options: found.options, validFor: /^[\w$]*$/ };
  };
}

export default function CodeEditor({ control, label, value, mode, isReadOnly, rows, placeholder, complete, onChange, handleRef }: CodeEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const readOnly = useRef(new Compartment());
  const attributes = useRef(new Compartment());
  const latest = useRef({ complete, onChange });
  useEffect(() => {
    latest.current = { complete, onChange };
  });

  const contentAttributes = EditorView.contentAttributes.of({
    'aria-label': label,
    'aria-multiline': 'true',
    'aria-readonly': isReadOnly ? 'true' : 'false',
    ...(control['aria-describedby'] ? { 'aria-describedby': control['aria-describedby'] } : {}),
    ...(control['aria-invalid'] ? { 'aria-invalid': 'true' } : {}),
    id: control.id,
  });

  // The view is made once; later prop changes reach it through compartments and the effects below.
  useEffect(() => {
    const host = hostRef.current;
    if (host === null) return;
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
          mode === 'expression' ? jsonataLanguage : jsonataTemplateLanguage,
          syntaxHighlighting(defaultHighlightStyle),
          autocompletion({ override: [completionSource(() => latest.current.complete)], icons: false, interactionDelay: 0 }),
          enterAcceptsCompletion(),
          EditorView.lineWrapping,
          theme,
          EditorView.theme({ '.cm-content': { minHeight: `${rows * 1.5}em` } }),
          placeholder ? placeholderText(placeholder) : [],
          readOnly.current.of(EditorState.readOnly.of(isReadOnly)),
          attributes.current.of(contentAttributes),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged || update.transactions.some((tr) => tr.annotation(fromOutside))) return;
            latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- made once per mount; the effects below keep it current
  }, []);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: [readOnly.current.reconfigure(EditorState.readOnly.of(isReadOnly)), attributes.current.reconfigure(contentAttributes)] });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- contentAttributes is rebuilt from these
  }, [isReadOnly, label, control.id, control['aria-describedby'], control['aria-invalid']]);

  useEffect(() => {
    const view = viewRef.current;
    if (view === null || view.state.doc.toString() === value) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value }, annotations: [fromOutside.of(true), Transaction.addToHistory.of(false)] });
  }, [value]);

  useImperativeHandle(handleRef, () => ({
    insert(text: string) {
      const view = viewRef.current;
      if (view === null) return;
      view.dispatch(view.state.replaceSelection(text));
      view.focus();
    },
  }), []);

  return <div ref={hostRef} />;
}
