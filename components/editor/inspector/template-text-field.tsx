import { useRef } from 'react';
import type { FieldControlProps } from '@/components/ui/field';
import { Input, Textarea } from '@/components/ui/input';
import { insertAtCursor, ReferencePicker, SecretPicker, TemplatePreview } from './template-tools';

export interface TemplateHelp {
  /** `steps.<id>.output` and `input.<field>` this node may read. */
  references: readonly string[];
  /** Offer the team's secret names: the field takes whole secrets (the node type's `secretFields`). */
  hasSecrets: boolean;
}

interface Props {
  control: FieldControlProps;
  kind: 'text' | 'textarea' | 'expression';
  value: unknown;
  isReadOnly: boolean;
  help: TemplateHelp;
  onChange(value: unknown): void;
}

/**
 * A string field: templates (`{{ … }}`) highlighted, and, when editable, references to upstream steps and
 * input fields (bare in a raw JSONata field), and secret names where the field takes them, inserted at the cursor.
 */
export function TemplateTextField({ control, kind, value, isReadOnly, help, onChange }: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const text = typeof value === 'string' ? value : '';
  const change = (next: string) => onChange(next === '' ? undefined : next);
  const insert = (insertion: string) => {
    const element = kind === 'text' ? inputRef.current : areaRef.current;
    change(insertAtCursor(element, text, insertion));
    element?.focus();
  };
  const isExpression = kind === 'expression';
  return (
    <>
      {kind === 'text' ? (
        <Input {...control} ref={inputRef} value={text} readOnly={isReadOnly} onChange={(e) => change(e.target.value)} className="h-8" />
      ) : (
        <Textarea {...control} ref={areaRef} rows={isExpression ? 4 : 3} spellCheck={false} value={text} readOnly={isReadOnly} onChange={(e) => change(e.target.value)} className={isExpression ? 'font-mono text-xs' : undefined} />
      )}
      {!isExpression && <TemplatePreview text={text} />}
      {!isReadOnly && (help.references.length > 0 || help.hasSecrets) && (
        <div className="flex flex-wrap gap-2">
          <ReferencePicker references={help.references} isRawExpression={isExpression} isDisabled={isReadOnly} onInsert={insert} />
          {help.hasSecrets && <SecretPicker isDisabled={isReadOnly} onInsert={insert} />}
        </div>
      )}
    </>
  );
}
