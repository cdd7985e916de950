/**
 * The mastery's input schema as the settings panel edits it: a flat list of fields, to and from the JSON
 * Schema stored in `settings.inputSchema` (`{ type: 'object', properties, required }`).
 */
export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface InputField {
  name: string;
  type: FieldType;
  isRequired: boolean;
  /** Comma-separated allowed values; empty means any. */
  options: string;
  /** The default as typed; empty means none. */
  defaultValue: string;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isFieldType(value: unknown): value is FieldType {
  return typeof value === 'string' && (FIELD_TYPES as readonly string[]).includes(value);
}

export function fieldsOf(schema: Record<string, unknown> | undefined): InputField[] {
  const properties = asRecord(schema?.properties);
  const required = Array.isArray(schema?.required) ? schema.required : [];
  return Object.entries(properties).map(([name, raw]) => {
    const property = asRecord(raw);
    return {
      name,
      type: isFieldType(property.type) ? property.type : 'string',
      isRequired: required.includes(name),
      options: Array.isArray(property.enum) ? property.enum.map(String).join(', ') : '',
      defaultValue: property.default === undefined ? '' : String(property.default),
    };
  });
}

function typed(text: string, type: FieldType): string | number | boolean {
  if (type === 'boolean') return text.trim() === 'true';
  if (type === 'number' || type === 'integer') return Number(text);
  return text;
}

/** The JSON Schema for the fields; undefined when there are none (the setting is then left out). */
export function schemaOf(fields: readonly InputField[]): Record<string, unknown> | undefined {
  const named = fields.filter((field) => field.name.trim() !== '');
  if (named.length === 0) return undefined;
  const properties: Record<string, unknown> = {};
  for (const field of named) {
    const options = field.options.split(',').map((o) => o.trim()).filter(Boolean);
    properties[field.name.trim()] = {
      type: field.type,
      ...(options.length > 0 && field.type !== 'boolean' ? { enum: options.map((o) => typed(o, field.type)) } : {}),
      ...(field.defaultValue.trim() !== '' ? { default: typed(field.defaultValue, field.type) } : {}),
    };
  }
  const required = named.filter((field) => field.isRequired).map((field) => field.name.trim());
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

/** Problems in words, one per field that cannot be saved as typed. */
export function fieldProblems(fields: readonly InputField[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    const name = field.name.trim();
    const label = name || `Field ${index + 1}`;
    if (name === '') problems.push(`${label}: enter a name`);
    else if (!/^[A-Za-z_][\w]*$/.test(name)) problems.push(`${label}: use letters, digits and _ only, not starting with a digit`);
    if (name && seen.has(name)) problems.push(`${label}: the name is used twice`);
    seen.add(name);
    const numeric = field.type === 'number' || field.type === 'integer';
    const values = [...field.options.split(',').map((o) => o.trim()).filter(Boolean), field.defaultValue.trim()].filter(Boolean);
    if (numeric && values.some((v) => Number.isNaN(Number(v)) || (field.type === 'integer' && !Number.isInteger(Number(v))))) {
      problems.push(`${label}: values and default must be ${field.type === 'integer' ? 'whole numbers' : 'numbers'}`);
    }
    if (field.type === 'boolean' && field.defaultValue.trim() !== '' && !['true', 'false'].includes(field.defaultValue.trim())) {
      problems.push(`${label}: the default must be true or false`);
    }
  });
  return problems;
}
