import { describe, expect, it } from 'vitest';
import { withRunParam } from './use-run-param';

describe('the open run in the URL', () => {
  it('adds the run beside the version being edited, and replaces a run already there', () => {
    expect(withRunParam('?version=v1', 'r1')).toBe('?version=v1&run=r1');
    expect(withRunParam('version=v1&run=r1', 'r2')).toBe('?version=v1&run=r2');
    expect(withRunParam('', 'r1')).toBe('?run=r1');
  });

  it('removes only the run when the panel closes, leaving no bare "?"', () => {
    expect(withRunParam('?version=v1&run=r1', null)).toBe('?version=v1');
    expect(withRunParam('?run=r1', null)).toBe('');
  });
});
