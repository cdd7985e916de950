import { useRef, useState } from 'react';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { AgentPicker } from './agent-picker';
import type { CodeEditorHandle } from './code-editor';
import { ExpressionField } from './expression-field';
import { SecretPicker } from './template-tools';
import { TemplateTextField, type TemplateHelp } from './template-text-field';

export interface PropertySchema {
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  maxLength?: number;
  default?: unknown;
  examples?: unknown[];
}

export type FieldKind = 'text' | 'textarea' | 'expression' | 'number' | 'boolean' | 'enum' | 'json' | 'agent';

export function fieldKind(name: string, property: PropertySchema, isExpression: boolean): FieldKind {
  if (name === 'agentId') return 'agent';
  if (isExpression) return 'expression';
  if (Array.isArray(property.enum) && property.enum.every((v) => typeof v === 'string')) return 'enum';
  if (property.type === 'boolean') return 'boolean';
  if (property.type === 'number' || property.type === 'integer') return 'number';
  if (property.type === 'string') return (property.maxLength ?? Infinity) > 200 ? 'textarea' : 'text';
  return 'json';
}

interface Props {
  name: string;
  property: PropertySchema;
  kind: FieldKind;
  value: unknown;
  error: string | undefined;
  isReadOnly: boolean;
  help: TemplateHelp;
  onChange(value: unknown): void;
}

/** One config field of the inspector, chosen by its JSON Schema; `undefined` means "not set". */
export function SchemaField({ name, property, kind, value, error, isReadOnly, help, onChange }: Props) {
  const label = property.title ?? name;
  const hint = property.description;
  if (kind === 'boolean') {
    return (
      <label className="flex items-center gap-2 text-sm text-zinc-800">
        <input type="checkbox" checked={value === true} disabled={isReadOnly} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
    );
  }
  if (kind === 'json') return <JsonField label={label} hint={hint} value={value} error={error} isReadOnly={isReadOnly} hasSecrets={help.hasSecrets} nodeId={help.nodeId} onChange={onChange} />;
  return (
    <Field label={label} hint={hint} error={error}>
      {(control) => {
        if (kind === 'enum') {
          return (
            <Select
              {...control}
              controlSize="sm"
              value={typeof value === 'string' ? value : ''}
              disabled={isReadOnly}
              onChange={(e) => onChange(e.target.value || undefined)}
              options={[
                { value: '', label: property.default === undefined ? 'Choose…' : `Default (${String(property.default)})` },
                ...(property.enum ?? []).map((option) => ({ value: String(option), label: String(option) })),
              ]}
            />
          );
        }
        if (kind === 'number') {
          return <NumberInput control={control} value={value} isReadOnly={isReadOnly} onChange={onChange} />;
        }
        if (kind === 'agent') return <AgentPicker control={control} value={value} isReadOnly={isReadOnly} onChange={onChange} />;
        return <TemplateTextField control={control} label={label} kind={kind} value={value} isReadOnly={isReadOnly} help={help} onChange={onChange} />;
      }}
    </Field>
  );
}

function NumberInput({ control, value, isReadOnly, onChange }: { control: object; value: unknown; isReadOnly: boolean; onChange(value: unknown): void }) {
  return (
    <Input
      {...control}
      type="number"
      className="h-8"
      readOnly={isReadOnly}
      value={typeof value === 'number' ? value : ''}
      onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
    />
  );
}

interface JsonFieldProps {
  label: string;
  hint?: string;
  value: unknown;
  error?: string;
  isReadOnly: boolean;
  hasSecrets?: boolean;
  /** The node the field belongs to; none for the mastery's result mapping. */
  nodeId?: string;
  onChange(value: unknown): void;
}

/** JSON whose strings may hold `{{ }}` templates, in the expression editor with a preview of the resolved value. */
export function JsonField({ label, hint, value, error, isReadOnly, hasSecrets = false, nodeId, onChange }: JsonFieldProps) {
  const ref = useRef<CodeEditorHandle>(null);
  const [text, setText] = useState(() => jsonText(value));
  const [parseError, setParseError] = useState<string | null>(null);
  // The value this text stands for. Undo, redo or a reload change the value from outside: the text then
  // follows it. The field's own edits set it first, so typing is never reformatted under the cursor.
  const valueKey = JSON.stringify(value) ?? '';
  const [shownKey, setShownKey] = useState(valueKey);
  if (valueKey !== shownKey) {
    setShownKey(valueKey);
    setText(jsonText(value));
    setParseError(null);
  }
  const commit = (next: string) => {
    setText(next);
    if (next.trim() === '') {
      setParseError(null);
      setShownKey('');
      onChange(undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(next);
      setShownKey(JSON.stringify(parsed) ?? '');
      onChange(parsed);
      setParseError(null);
    } catch (caught) {
      setParseError(`Not valid JSON yet: ${caught instanceof Error ? caught.message : 'cannot be read'}`);
    }
  };
  return (
    <Field label={`${label} (JSON)`} hint={hint} error={parseError ?? error}>
      {(control) => (
        <>
          <ExpressionField control={control} label={`${label} (JSON)`} value={text} mode="json" isReadOnly={isReadOnly} nodeId={nodeId} rows={4} onChange={commit} handleRef={ref} />
          {hasSecrets && !isReadOnly && <SecretPicker isDisabled={isReadOnly} onInsert={(insertion) => ref.current?.insert(insertion)} />}
        </>
      )}
    </Field>
  );
}

const jsonText = (value: unknown) => (value === undefined ? '' : JSON.stringify(value, null, 2));
