import { useRef } from 'react';
import type { FieldControlProps } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import type { CodeEditorHandle } from './code-editor';
import { ExpressionField } from './expression-field';
import { insertAtCursor, ReferencePicker, SecretPicker, TemplatePreview } from './template-tools';

export interface TemplateHelp {
  /** `steps.<id>.output` and `input.<field>` this node may read. */
  references: readonly string[];
  /** Offer the team's secret names: the field takes whole secrets (the node type's `secretFields`). */
  hasSecrets: boolean;
  /** The node the field belongs to: completion and preview read what is upstream of it. */
  nodeId?: string;
}

interface Props {
  control: FieldControlProps;
  label: string;
  kind: 'text' | 'textarea' | 'expression';
  value: unknown;
  isReadOnly: boolean;
  help: TemplateHelp;
  onChange(value: unknown): void;
}

/**
 * A string field. Raw JSONata and multi-line text (whose `{{ … }}` templates are expressions) get the
 * expression editor; a one-line field stays an input with its templates highlighted below it. When
 * editable, references to upstream steps and input fields (bare in a raw JSONata field), and secret names
 * where the field takes them, are inserted at the cursor.
 */
export function TemplateTextField({ control, label, kind, value, isReadOnly, help, onChange }: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  const editorRef = useRef<CodeEditorHandle>(null);
  const text = typeof value === 'string' ? value : '';
  const change = (next: string) => onChange(next === '' ? undefined : next);
  const insert = (insertion: string) => {
    if (kind !== 'text') return editorRef.current?.insert(insertion);
    change(insertAtCursor(inputRef.current, text, insertion));
    inputRef.current?.focus();
  };
  const isExpression = kind === 'expression';
  return (
    <>
      {kind === 'text' ? (
        <>
          <Input {...control} ref={inputRef} value={text} readOnly={isReadOnly} onChange={(e) => change(e.target.value)} className="h-8" />
          <TemplatePreview text={text} />
        </>
      ) : (
        <ExpressionField
          control={control}
          label={label}
          value={text}
          mode={isExpression ? 'expression' : 'template'}
          isReadOnly={isReadOnly}
          nodeId={help.nodeId}
          rows={isExpression ? 3 : 4}
          onChange={change}
          handleRef={editorRef}
        />
      )}
      {!isReadOnly && (help.references.length > 0 || help.hasSecrets) && (
        <div className="flex flex-wrap gap-2">
          <ReferencePicker references={help.references} isRawExpression={isExpression} isDisabled={isReadOnly} onInsert={insert} />
          {help.hasSecrets && <SecretPicker isDisabled={isReadOnly} onInsert={insert} />}
        </div>
      )}
    </>
  );
}
