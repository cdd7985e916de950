import { describe, expect, it } from 'vitest';
import { arrayLiteral, commitParams } from './commit-rows';

describe('arrayLiteral', () => {
  it('quotes every element, escapes backslashes and double quotes, and writes NULL, t and f bare', () => {
    expect(arrayLiteral([null, undefined, true, false, 1.5, 'plain', '{"a":"b\\\\u0000"}'])).toBe('{NULL,NULL,t,f,"1.5","plain","{\\"a\\":\\"b\\\\\\\\u0000\\"}"}');
    expect(arrayLiteral([])).toBe('{}');
  });
});

describe('commitParams', () => {
  it('gives one array literal a column, a step started and ended in one commit merged into one row', () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
    const params = commitParams([
      {
        runId: 'r1' as never,
        steps: [
          { nodeId: 'a' as never, status: 'RUNNING', attempt: 1, startedAt: at, attemptRecord: { attempt: 1, status: 'RUNNING', startedAt: at } },
          { nodeId: 'a' as never, status: 'SUCCEEDED', attempt: 1, output: { x: '"' }, finishedAt: at + 5, attemptRecord: { attempt: 1, status: 'SUCCEEDED', finishedAt: at + 5 } },
        ],
        events: [{ type: 'step.status', nodeId: 'a' as never, status: 'RUNNING', attempt: 1, runId: 'r1' as never, seq: 2, at }],
      },
    ]);
    expect(params).toHaveLength(51);
    expect(params[4]).toBe('{"2026-01-02T03:04:05.006Z"}');
    expect(params[17]).toBe('{"SUCCEEDED"}'); // one step row
    expect(params[20]).toBe('{"{\\"x\\":\\"\\\\\\"\\"}"}');
    expect(params[43]).toBe('{"5"}'); // the attempt's duration, known in one commit
  });
});
