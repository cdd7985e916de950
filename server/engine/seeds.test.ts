/** The seed examples, run end to end through the engine on in-memory ports. */
import { describe, expect, it } from 'vitest';
import { builtInNodeTypes } from '@/server/nodes';
import { createHarness } from './testing/harness';
import { chainEdges, makeGraph } from './testing/make-graph';
import { createProbeTypes, ProbeLog } from './testing/probes';

function setup() {
  const log = new ProbeLog();
  return { ...createHarness({ types: [...builtInNodeTypes, ...createProbeTypes(log)] }), log };
}

const start = { id: 'start', type: 'input' };

describe('seed examples', () => {
  it('chain api → process → report: a failure in the middle fails the run and names the failed step', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'api', config: { ms: 20, output: { rows: 3 } } }, { id: 'process', config: { ms: 10, fail: 'fatal' } }, 'report'],
      edges: chainEdges('start', 'api', 'process', 'report'),
    });
    const { runId, run } = await h.run(graph);
    expect(run.status).toBe('FAILED');
    expect(run.error).toEqual({ code: 'NODE_FAILED', nodeId: 'process', message: 'Node "process" (probe): probe failed on attempt 1' });
    expect([h.status(runId, 'api'), h.status(runId, 'process'), h.status(runId, 'report')]).toEqual(['SUCCEEDED', 'FAILED', 'CANCELLED']);
    expect(h.log.executions('report')).toBe(0);
  });

  it('diamond requirements → backend ∥ frontend → integration → tests → docs: backend and frontend overlap with maxParallel 3', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [
        start,
        { id: 'requirements', config: { ms: 10 } },
        { id: 'backend', config: { ms: 40 } },
        { id: 'frontend', config: { ms: 30 } },
        { id: 'integration', config: { ms: 10 } },
        { id: 'tests', config: { ms: 10 } },
        { id: 'docs', config: { ms: 10 } },
      ],
      edges: ['start->requirements', 'requirements->backend', 'requirements->frontend', 'backend->integration', 'frontend->integration', ...chainEdges('integration', 'tests', 'docs')],
      settings: { maxParallel: 3 },
    });
    const { run } = await h.run(graph);
    expect(run.status).toBe('SUCCEEDED');
    const backend = h.log.first('backend');
    const frontend = h.log.first('frontend');
    expect(backend?.startedAt).toBe(frontend?.startedAt);
    expect((frontend?.startedAt ?? 0) < (backend?.endedAt ?? 0) && (backend?.startedAt ?? 0) < (frontend?.endedAt ?? 0)).toBe(true);
    expect(h.log.first('integration')?.startedAt).toBe(backend?.endedAt); // waits for the slower branch
    expect(h.log.order()).toEqual(['requirements', 'backend', 'frontend', 'integration', 'tests', 'docs']);
  });

  describe('conditional analyse → fix only if issues were found → verify', () => {
    const graph = makeGraph({
      nodes: [
        start,
        { id: 'analyse', type: 'transform', config: { expression: '{ "issues": input.findings[severity = "high"] }' } },
        { id: 'has_issues', type: 'condition', config: { predicate: '$count(steps.analyse.output.issues) > 0' } },
        { id: 'fix', config: { output: 'fixed' } },
        { id: 'verify', type: 'transform', config: { expression: '$exists(steps.fix.output) ? "verified fix" : "verified clean"' } },
      ],
      edges: ['start->analyse', 'analyse->has_issues', 'has_issues-true->fix', 'fix->verify', 'has_issues-false->verify'],
    });

    it('runs fix, then verify, when the analysis found issues', async () => {
      const h = setup();
      const { runId, run } = await h.run(graph, { findings: [{ severity: 'high' }, { severity: 'low' }] });
      expect(h.status(runId, 'fix')).toBe('SUCCEEDED');
      expect(run.output).toBe('verified fix');
    });

    it('skips fix and still verifies when it found none', async () => {
      const h = setup();
      const { runId, run } = await h.run(graph, { findings: [{ severity: 'low' }] });
      expect(h.status(runId, 'fix')).toBe('SKIPPED');
      expect(h.log.executions('fix')).toBe(0);
      expect(run.output).toBe('verified clean');
    });
  });

  it('a flaky step succeeds on its third attempt after exactly the delays of its policy', async () => {
    const h = setup();
    const graph = makeGraph({
      nodes: [start, { id: 'flaky', config: { failUntil: 3, output: 'ok' }, policy: { retry: { maxAttempts: 3, initialDelayMs: 200, multiplier: 2, maxDelayMs: 5_000 } } }],
      edges: ['start->flaky'],
    });
    const { runId, run } = await h.run(graph);
    expect(run.status).toBe('SUCCEEDED');
    const [first, second, third] = h.log.entries;
    expect([(second?.startedAt ?? 0) - (first?.endedAt ?? 0), (third?.startedAt ?? 0) - (second?.endedAt ?? 0)]).toEqual([200, 400]);
    expect(h.store.getAttempts(runId, 'flaky').map((a) => a.status)).toEqual(['FAILED', 'FAILED', 'SUCCEEDED']);
  });
});
