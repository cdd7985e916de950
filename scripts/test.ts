/**
 * `npm test`: every check, cheapest first, stopping at the first failure. Each stage runs the
 * package.json script of the same name, so a stage can be re-run alone (`npm run lint`).
 * TEST_DATABASE_URL, when set, reaches the Vitest stage, which then also tests on that PostgreSQL server.
 */
import path from 'node:path';
import { formatSeconds, runCommand } from './run-command';

interface Stage {
  name: string;
  command: string;
  args: string[];
}

interface StageResult {
  stage: Stage;
  code: number;
  ms: number;
}

const stages: Stage[] = [
  { name: 'Prisma client', command: 'node', args: ['scripts/db/generate.mjs'] },
  { name: 'lint', command: 'npm', args: ['run', 'lint'] },
  { name: 'typecheck', command: 'npm', args: ['run', 'typecheck'] },
  { name: 'unit + integration (Vitest)', command: 'npm', args: ['run', 'test:unit'] },
  { name: 'end-to-end (Playwright)', command: 'npm', args: ['run', 'test:e2e'] },
];

function printSummary(results: StageResult[]): void {
  const width = Math.max(...stages.map((s) => s.name.length));
  console.log('\nnpm test summary');
  for (const stage of stages) {
    const result = results.find((r) => r.stage === stage);
    const label = stage.name.padEnd(width);
    if (!result) console.log(`  -  ${label}  not run`);
    else if (result.code === 0) console.log(`  ✓  ${label}  ${formatSeconds(result.ms).padStart(8)}`);
    else console.log(`  ✗  ${label}  ${formatSeconds(result.ms).padStart(8)}  failed (exit code ${result.code})`);
  }
  const total = results.reduce((sum, r) => sum + r.ms, 0);
  console.log(`     ${'total'.padEnd(width)}  ${formatSeconds(total).padStart(8)}`);
}

async function main(): Promise<number> {
  process.chdir(path.resolve(import.meta.dirname, '..'));
  const results: StageResult[] = [];
  for (const stage of stages) {
    console.log(`\n▶ ${stage.name}: ${[stage.command, ...stage.args].join(' ')}\n`);
    const started = performance.now();
    const { code } = await runCommand(stage.command, stage.args);
    results.push({ stage, code, ms: performance.now() - started });
    if (code !== 0) {
      printSummary(results);
      console.error(`\nnpm test FAILED at "${stage.name}"; the output above says why.`);
      return code;
    }
  }
  printSummary(results);
  console.log('\nnpm test passed.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
