import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { nodeCatalog } from './catalog';
import { builtInNodeTypes, createRegistry, getNodeType, nodeRegistry } from './index';

describe('node registry', () => {
  it('holds the built-in node types by type name', () => {
    expect(builtInNodeTypes.map((t) => t.type)).toEqual(['input', 'output', 'transform', 'condition', 'delay', 'merge', 'llm', 'http', 'code', 'map', 'mastery', 'approval']);
    expect(getNodeType('condition')?.outputs).toEqual(['true', 'false']);
    expect(nodeRegistry.get('nope')).toBeUndefined();
  });

  it('refuses two definitions of one type', () => {
    expect(() => createRegistry([...builtInNodeTypes, ...builtInNodeTypes.slice(0, 1)])).toThrow('Node type "input" is registered twice');
  });

  it('has a file named after each type, and a test beside it', () => {
    const dir = path.dirname(new URL(import.meta.url).pathname);
    for (const { type } of builtInNodeTypes) {
      expect(readFileSync(path.join(dir, `${type}.ts`), 'utf8')).toContain(`type: '${type}'`);
      expect(readFileSync(path.join(dir, `${type}.test.ts`), 'utf8').length).toBeGreaterThan(0);
    }
  });
});

describe('node catalog', () => {
  it('describes each type for the editor, with its config as JSON Schema', () => {
    const delay = nodeCatalog.find((entry) => entry.type === 'delay');
    expect(delay).toMatchObject({ title: 'Delay', category: 'flow', icon: 'timer', outputs: ['out'] });
    expect(delay?.configSchema).toMatchObject({
      type: 'object',
      properties: { ms: { type: 'integer', minimum: 0, title: 'Milliseconds', examples: [1000] } },
      required: ['ms'],
    });
  });

  it('does not require fields that have defaults, and marks raw expression fields', () => {
    const merge = nodeCatalog.find((entry) => entry.type === 'merge');
    expect(merge?.configSchema.required).toBeUndefined();
    expect(nodeCatalog.find((entry) => entry.type === 'transform')?.expressionFields).toEqual(['expression']);
  });

  it('is plain JSON, safe to send to the browser', () => {
    expect(JSON.parse(JSON.stringify(nodeCatalog))).toEqual(nodeCatalog);
  });
});

describe('node files', () => {
  it('import nothing server-only at top level (the catalog reaches the browser through them)', () => {
    const dir = path.dirname(new URL(import.meta.url).pathname);
    const forbidden = /from '(?:@prisma|prisma|openai|bullmq|ioredis|server-only|next|node:|@\/server\/(?:db|runs|llm|env|api|auth))/;
    for (const { type } of builtInNodeTypes) {
      expect(readFileSync(path.join(dir, `${type}.ts`), 'utf8')).not.toMatch(forbidden);
    }
    expect(readFileSync(path.join(dir, 'catalog.ts'), 'utf8')).not.toMatch(forbidden);
  });
});
