import { describe, expect, it } from 'vitest';
import { nodeRef, problemMessage, withNodeNames } from './node-names';

const names = new Map([
  ['fetch', 'Fetch rows'],
  ['shape', 'Shape'],
  ['result', 'result'],
]);

describe('node names in messages', () => {
  it('names a node by its card name with the id beside it', () => {
    expect(nodeRef('fetch', names)).toBe('"Fetch rows" (fetch)');
    expect(nodeRef('result', names)).toBe('"result"');
    expect(nodeRef('gone', names)).toBe('"gone"');
  });

  it('rewrites validation and run messages that quote ids', () => {
    expect(withNodeNames('Node "fetch" (http): not reachable from the input node', names)).toBe('"Fetch rows" (fetch): not reachable from the input node');
    expect(withNodeNames('Step "shape" failed: Expression "steps.fetch.output" failed', names)).toBe('Step "Shape" (shape) failed: Expression "steps.fetch.output" failed');
    expect(withNodeNames('Node "shape" (transform): expression reads steps.fetch, but "fetch" is not upstream of it', names)).toBe(
      '"Shape" (shape): expression reads steps.fetch, but "Fetch rows" (fetch) is not upstream of it',
    );
    expect(withNodeNames('Cycle: fetch → shape → fetch. A run needs a graph without cycles; remove one of these edges (Edge "e1")', names)).toBe(
      'Cycle: "Fetch rows" (fetch) → "Shape" (shape) → "Fetch rows" (fetch). A run needs a graph without cycles; remove one of these edges (Edge "e1")',
    );
  });

  it('drops the leading node label where the node is named beside the message', () => {
    expect(problemMessage({ nodeId: 'shape', message: 'Node "shape" (transform): reads "fetch", which is not upstream' }, names)).toBe('reads "Fetch rows" (fetch), which is not upstream');
    expect(problemMessage({ message: 'Node "shape" (transform): unknown' }, names)).toBe('"Shape" (shape): unknown');
  });

  it('leaves unknown ids and messages without ids as they are', () => {
    expect(withNodeNames('no step "ghost" exists', names)).toBe('no step "ghost" exists');
    expect(withNodeNames('Graph has no input node', names)).toBe('Graph has no input node');
  });
});
