import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { FIELD_TYPES, fieldProblems, fieldsOf, schemaOf, type InputField } from './input-schema';

interface Props {
  schema: Record<string, unknown> | undefined;
  isReadOnly: boolean;
  onChange(schema: Record<string, unknown> | undefined): void;
}

const TYPE_OPTIONS = FIELD_TYPES.map((type) => ({ value: type, label: type }));
const EMPTY_FIELD: InputField = { name: '', type: 'string', isRequired: false, options: '', defaultValue: '' };

/** The run input's fields: name, type, required, allowed values and default. Applied while valid. */
export function InputSchemaBuilder({ schema, isReadOnly, onChange }: Props) {
  const [fields, setFields] = useState(() => fieldsOf(schema));
  const problems = fieldProblems(fields);

  const apply = (next: InputField[]) => {
    setFields(next);
    if (fieldProblems(next).length === 0) onChange(schemaOf(next));
  };
  const patch = (index: number, change: Partial<InputField>) => apply(fields.map((field, i) => (i === index ? { ...field, ...change } : field)));

  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium text-zinc-800">Input fields</legend>
      {fields.length === 0 && <p className="text-xs text-zinc-500">No declared fields: a run accepts any input.</p>}
      {fields.map((field, index) => (
        <div key={index} role="group" aria-label={`Input field ${index + 1}`} className="grid grid-cols-[1fr_7rem_auto] items-center gap-2 rounded border border-zinc-200 p-2">
          <Input aria-label="Field name" className="h-8" value={field.name} readOnly={isReadOnly} onChange={(e) => patch(index, { name: e.target.value })} />
          <Select
            aria-label="Field type"
            controlSize="sm"
            value={field.type}
            disabled={isReadOnly}
            options={TYPE_OPTIONS}
            onChange={(e) => patch(index, { type: FIELD_TYPES.find((t) => t === e.target.value) ?? 'string' })}
          />
          <label className="flex items-center gap-1 text-xs text-zinc-700">
            <input type="checkbox" checked={field.isRequired} disabled={isReadOnly} onChange={(e) => patch(index, { isRequired: e.target.checked })} />
            Required
          </label>
          <Input aria-label="Allowed values" placeholder="Allowed values, comma-separated" className="h-8" value={field.options} readOnly={isReadOnly} onChange={(e) => patch(index, { options: e.target.value })} />
          <Input aria-label="Default value" placeholder="Default" className="h-8" value={field.defaultValue} readOnly={isReadOnly} onChange={(e) => patch(index, { defaultValue: e.target.value })} />
          {!isReadOnly && (
            <Button size="sm" variant="ghost" aria-label={`Remove field ${field.name || index + 1}`} onClick={() => apply(fields.filter((_, i) => i !== index))}>
              Remove
            </Button>
          )}
        </div>
      ))}
      {problems.length > 0 && (
        <ul role="alert" className="flex flex-col gap-0.5 text-sm text-danger-700">
          {problems.map((problem) => <li key={problem}>{problem}</li>)}
        </ul>
      )}
      {!isReadOnly && (
        <Button size="sm" variant="secondary" className="self-start" onClick={() => setFields([...fields, EMPTY_FIELD])}>
          Add input field
        </Button>
      )}
    </fieldset>
  );
}
