/**
 * The evolver on deliberately broken masteries (server/evolution/testing/fixtures.ts): each one is run
 * until it fails, the evolver proposes a version, and the proposal is replayed on the failed input (and
 * the fixture's test input). Prints, per mastery, the strategy that produced the proposal, whether its
 * evidence passes, and the tokens and cost of the proposal; then how many were fixed. On the embedded
 * database, against a local HTTP fixture server and the local OpenAI-compatible test server.
 *
 *   npm run bench:evolution
 */
import { openTestDb } from '@/test/db';
import { propose } from '@/server/evolution/propose';
import { parseEvidence } from '@/server/evolution/evidence-schema';
import { BROKEN_MASTERIES } from '@/server/evolution/testing/fixtures';
import { makeBrokenMastery, makeEvolutionTeam, runToEnd, startEvolutionBench } from '@/server/evolution/testing/setup';

interface Row {
  name: string;
  strategy: string;
  expected: string;
  isFixed: boolean;
  evidence: string;
  tokens: number;
  costUsd: number;
  ms: number;
}

async function main(): Promise<void> {
  const db = await openTestDb('pglite');
  const bench = await startEvolutionBench(db.client);
  const rows: Row[] = [];
  try {
    for (const broken of BROKEN_MASTERIES) {
      const started = performance.now();
      const team = await makeEvolutionTeam(bench, 'Bench');
      const { masteryId } = await makeBrokenMastery(bench, team, broken.graph({ http: bench.http.base }));
      if (broken.testInput) await team.as('EDITOR').testInputs.create({ masteryId, ...broken.testInput });
      // The replies for the failing run's llm steps and for the evolver, in the order they are asked for.
      bench.llm.enqueue(...(broken.replies ?? []));
      const run = await runToEnd(bench, team, masteryId, broken.input);
      if (run.status !== 'FAILED') throw new Error(`"${broken.name}" was meant to fail, but its run ${run.status.toLowerCase()}`);
      const result = await propose(db.client, bench.deps, team.scope, null, { runId: run.id });
      const proposed = result.attempts.find((a) => a.outcome === 'PROPOSED');
      const attempt = result.proposal === null ? null : await db.client.evolutionAttempt.findUnique({ where: { proposalId: result.proposal.id } });
      const evidence = parseEvidence(attempt?.evidence);
      rows.push({
        name: broken.name,
        strategy: proposed?.strategy ?? `none (${result.attempts.at(-1)?.reason ?? 'no strategy applies'})`,
        expected: broken.expected,
        isFixed: evidence?.isPassing === true,
        evidence: evidence === null ? '—' : evidence.items.map((i) => `${i.parent.status}→${i.proposal.status}`).join(', '),
        tokens: result.attempts.reduce((sum, a) => sum + a.tokens, 0),
        costUsd: result.attempts.reduce((sum, a) => sum + a.costUsd, 0),
        ms: performance.now() - started,
      });
    }
  } finally {
    await bench.close();
    await db.close();
  }
  console.table(rows.map((r) => ({ mastery: r.name, strategy: r.strategy, expected: r.expected, fixed: r.isFixed ? 'yes' : 'no', 'evidence (before→proposal)': r.evidence, tokens: r.tokens, cost: `$${r.costUsd.toFixed(6)}`, seconds: (r.ms / 1000).toFixed(1) })));
  const fixed = rows.filter((r) => r.isFixed).length;
  const heuristic = rows.filter((r) => r.isFixed && r.strategy !== 'llm-patch');
  console.log(`Fixed with passing evidence: ${fixed} of ${rows.length} (${Math.round((fixed / rows.length) * 100)} %)`);
  console.log(`Heuristic fixes: ${heuristic.length}, model cost of those: $${heuristic.reduce((s, r) => s + r.costUsd, 0).toFixed(6)}`);
  console.log(`Model tokens in all: ${rows.reduce((s, r) => s + r.tokens, 0)}, cost: $${rows.reduce((s, r) => s + r.costUsd, 0).toFixed(6)}`);
  const proposals = rows.filter((r) => !r.strategy.startsWith('none'));
  const perProposal = (list: Row[], key: 'tokens' | 'costUsd') => (list.length === 0 ? 0 : list.reduce((s, r) => s + r[key], 0) / list.length);
  const byModel = proposals.filter((r) => r.strategy === 'llm-patch');
  console.log(`Per proposal (${proposals.length}): ${Math.round(perProposal(proposals, 'tokens'))} tokens, $${perProposal(proposals, 'costUsd').toFixed(6)}; per model-written proposal (${byModel.length}): ${Math.round(perProposal(byModel, 'tokens'))} tokens, $${perProposal(byModel, 'costUsd').toFixed(6)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
