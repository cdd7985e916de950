/**
 * A problem shown under its own field needs no path: `config.ms: too small: expected number to be >=0;
 * got -5` reads `Too small: expected number to be >=0; got -5` beside the field's label. The Problems
 * panel keeps the whole message, where the path is what says which field.
 */
export function fieldMessage(message: string, field: string): string {
  if (message.startsWith(`${field}: `)) return upperFirst(message.slice(field.length + 2));
  if (message.startsWith(`${field} is `)) return upperFirst(message.slice(field.length + 4));
  if (message.startsWith(`${field} `)) return upperFirst(message.slice(field.length + 1));
  return message;
}

const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
