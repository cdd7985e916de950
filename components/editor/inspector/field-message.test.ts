import { describe, expect, it } from 'vitest';
import { fieldMessage } from './field-message';

describe('fieldMessage', () => {
  it('drops the path of the field the message is shown under', () => {
    expect(fieldMessage('config.ms: too small: expected number to be >=0; got -5', 'config.ms')).toBe('Too small: expected number to be >=0; got -5');
    expect(fieldMessage('config.message is required (string)', 'config.message')).toBe('Required (string)');
    expect(fieldMessage('config.model must be one of "a", "b"; got "c"', 'config.model')).toBe('Must be one of "a", "b"; got "c"');
  });

  it('keeps a message about another path whole: a field inside the field, or one that only starts alike', () => {
    expect(fieldMessage('config.headers.authorization must be a string', 'config.headers')).toBe('config.headers.authorization must be a string');
    expect(fieldMessage('config.msg is required (string)', 'config.ms')).toBe('config.msg is required (string)');
  });
});
