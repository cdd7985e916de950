/**
 * The engine is pure: it imports no framework, database, queue or LLM client, does
 * not depend on the node types or the adapters, and does not read the environment. Everything with side
 * effects arrives through ports.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE_DIR = path.dirname(new URL(import.meta.url).pathname);

const FORBIDDEN_PACKAGES = ['next', 'react', 'react-dom', '@prisma', 'prisma', 'bullmq', 'ioredis', 'openai', '@trpc', 'next-auth', 'pg', 'server-only'];
const FORBIDDEN_LOCAL = ['@/server/nodes', '@/server/runs', '@/server/db', '@/server/llm', '@/server/api', '@/server/auth', '@/server/env'];
// I/O modules: the engine touches the outside only through its ports (tests may read files).
const FORBIDDEN_IN_SOURCE = ['fs', 'net', 'http', 'https', 'child_process', 'worker_threads', 'dgram', 'dns', 'tls', 'vm'];

function engineFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return engineFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

function importsOf(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (const match of source.matchAll(pattern)) found.push(match[1] ?? match[2] ?? match[3] ?? '');
  return found;
}

/** Packages are forbidden everywhere; local modules and I/O only in sources (tests wire real node types). */
function isForbidden(specifier: string, isTest: boolean): boolean {
  const bare = specifier.replace(/^node:/, '');
  const matches = (name: string) => bare === name || bare.startsWith(`${name}/`);
  if (FORBIDDEN_PACKAGES.some(matches)) return true;
  if (isTest) return false;
  return FORBIDDEN_LOCAL.some(matches) || FORBIDDEN_IN_SOURCE.some(matches);
}

const files = engineFiles(ENGINE_DIR).filter((file) => !file.endsWith('purity.test.ts'));

describe('engine purity', () => {
  it('finds the engine sources to check', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(importsOf("import { a } from 'x';\nimport type { B } from \"@/y\";\nconst c = await import('z');")).toEqual(['x', '@/y', 'z']);
    expect([isForbidden('next/server', true), isForbidden('@prisma/client', false), isForbidden('node:fs', false)]).toEqual([true, true, true]);
    expect([isForbidden('@/server/nodes', false), isForbidden('@/server/nodes', true), isForbidden('zod', false)]).toEqual([true, false, false]);
  });

  it('no engine file imports a framework, database, queue, LLM client, adapter or I/O module', () => {
    const offenders = files.flatMap((file) => {
      const isTest = file.endsWith('.test.ts');
      return importsOf(readFileSync(file, 'utf8'))
        .filter((specifier) => isForbidden(specifier, isTest))
        .map((specifier) => `${path.relative(ENGINE_DIR, file)} imports ${specifier}`);
    });
    expect(offenders).toEqual([]);
  });

  it('no engine file reads the environment', () => {
    const readers = files.filter((file) => /process\s*\.\s*env|process\s*\[\s*['"]env/.test(readFileSync(file, 'utf8')));
    expect(readers.map((file) => path.relative(ENGINE_DIR, file))).toEqual([]);
  });
});
