/**
 * The three demo masteries. The API ones call demo endpoints the app itself
 * serves (app/api/demo/*), so they run offline; http steps reach those on any address (server/net/demo-endpoint.ts).
 */
const at = (x: number, y: number) => ({ x, y });

export function apiReportGraph(baseUrl: string) {
  return {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: at(0, 0), config: {} },
      {
        id: 'fetch',
        type: 'http',
        name: 'Fetch sales',
        position: at(260, 0),
        config: { method: 'GET', url: `${baseUrl}/api/demo/sales?region={{ input.region }}`, expectedStatus: [200], responseType: 'json' },
        policy: { retry: { maxAttempts: 3, initialDelayMs: 500, multiplier: 2, maxDelayMs: 5000 }, timeoutMs: 10_000 },
      },
      {
        id: 'process',
        type: 'transform',
        name: 'Summarise figures',
        position: at(520, 0),
        config: {
          expression:
            '{ "region": steps.fetch.output.region, "orders": $count(steps.fetch.output.orders), "revenue": $round($sum(steps.fetch.output.orders.amount), 2), "top": (steps.fetch.output.orders^(>amount))[0].customer }',
        },
      },
      {
        id: 'report',
        type: 'transform',
        name: 'Write report',
        position: at(780, 0),
        config: {
          expression:
            '"Sales report for " & steps.process.output.region & ": " & $string(steps.process.output.orders) & " orders, revenue " & $formatNumber(steps.process.output.revenue, "#,##0.00") & ", top customer " & steps.process.output.top',
        },
      },
      { id: 'result', type: 'output', name: 'Result', position: at(1040, 0), config: { result: '{{ { "report": steps.report.output, "figures": steps.process.output } }}' } },
    ],
    edges: [
      { id: 'e-input-fetch', source: 'input', target: 'fetch' },
      { id: 'e-fetch-process', source: 'fetch', target: 'process' },
      { id: 'e-process-report', source: 'process', target: 'report' },
      { id: 'e-report-result', source: 'report', target: 'result' },
    ],
    settings: {
      maxParallel: 4,
      inputSchema: { type: 'object', properties: { region: { type: 'string', enum: ['north', 'south', 'east', 'west'], default: 'north' } }, required: ['region'] },
    },
  };
}

export function researchAndCritiqueGraph(agents: { researcher: string; critic: string }) {
  return {
    nodes: [
      { id: 'input', type: 'input', name: 'Topic', position: at(0, 120), config: {} },
      {
        id: 'research',
        type: 'llm',
        name: 'Research',
        position: at(280, 0),
        config: { agentId: agents.researcher, prompt: 'Research the topic and list the five most important facts, each with its source:\n{{ input.topic }}', responseFormat: 'text', maxTokens: 800 },
        policy: { retry: { maxAttempts: 3, initialDelayMs: 1000, multiplier: 2, maxDelayMs: 10_000 }, timeoutMs: 60_000 },
      },
      {
        id: 'critique',
        type: 'llm',
        name: 'Critique',
        position: at(280, 240),
        config: { agentId: agents.critic, prompt: 'List the strongest objections and common misconceptions about this topic:\n{{ input.topic }}', responseFormat: 'text', maxTokens: 800 },
        policy: { retry: { maxAttempts: 3, initialDelayMs: 1000, multiplier: 2, maxDelayMs: 10_000 }, timeoutMs: 60_000 },
      },
      {
        id: 'synthesise',
        type: 'llm',
        name: 'Synthesise',
        position: at(560, 120),
        config: {
          agentId: agents.researcher,
          prompt: 'Write a balanced one-page brief on "{{ input.topic }}".\n\nFindings:\n{{ steps.research.output }}\n\nObjections:\n{{ steps.critique.output }}',
          responseFormat: 'text',
          maxTokens: 1200,
        },
      },
      { id: 'result', type: 'output', name: 'Brief', position: at(840, 120), config: { result: '{{ { "brief": steps.synthesise.output } }}' } },
    ],
    edges: [
      { id: 'e-input-research', source: 'input', target: 'research' },
      { id: 'e-input-critique', source: 'input', target: 'critique' },
      { id: 'e-research-synthesise', source: 'research', target: 'synthesise' },
      { id: 'e-critique-synthesise', source: 'critique', target: 'synthesise' },
      { id: 'e-synthesise-result', source: 'synthesise', target: 'result' },
    ],
    settings: {
      maxParallel: 2,
      inputSchema: { type: 'object', properties: { topic: { type: 'string', minLength: 3, default: 'Heat pumps in cold climates' } }, required: ['topic'] },
    },
  };
}

export function flakyImportGraph(baseUrl: string) {
  return {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: at(0, 0), config: {} },
      {
        id: 'import',
        type: 'http',
        name: 'Import batch',
        position: at(260, 0),
        // No retry policy on purpose: this is the step the evolver learns to fix.
        config: { method: 'GET', url: `${baseUrl}/api/demo/flaky?batch={{ input.batch }}&failRate=0.5&slowRate=0.2&slowMs=4000`, expectedStatus: [200], responseType: 'json' },
        policy: { timeoutMs: 2000 },
      },
      { id: 'count', type: 'transform', name: 'Count rows', position: at(520, 0), config: { expression: '{ "batch": steps.import.output.batch, "rows": $count(steps.import.output.rows) }' } },
      { id: 'result', type: 'output', name: 'Result', position: at(780, 0), config: { result: '{{ steps.count.output }}' } },
    ],
    edges: [
      { id: 'e-input-import', source: 'input', target: 'import' },
      { id: 'e-import-count', source: 'import', target: 'count' },
      { id: 'e-count-result', source: 'count', target: 'result' },
    ],
    settings: {
      maxParallel: 4,
      inputSchema: { type: 'object', properties: { batch: { type: 'integer', minimum: 1, default: 1 } }, required: ['batch'] },
    },
  };
}
