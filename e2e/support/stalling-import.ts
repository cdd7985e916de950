/**
 * The demo "Flaky import"'s graph with an endpoint that is slow (3 s) every time behind its 2 s timeout:
 * evolution specs save it as their own mastery, so the demo stays as seeded.
 */
export function stallingImport(baseUrl: string) {
  const at = (x: number) => ({ x, y: 0 });
  return {
    nodes: [
      { id: 'input', type: 'input', name: 'Input', position: at(0), config: {} },
      {
        id: 'import',
        type: 'http',
        name: 'Import batch',
        position: at(260),
        config: { method: 'GET', url: `${baseUrl}/api/demo/flaky?batch={{ input.batch }}&failRate=0&slowRate=1&slowMs=3000`, expectedStatus: [200], responseType: 'json' },
        policy: { timeoutMs: 2000 },
      },
      { id: 'count', type: 'transform', name: 'Count rows', position: at(520), config: { expression: '{ "batch": steps.import.output.batch, "rows": $count(steps.import.output.rows) }' } },
      { id: 'result', type: 'output', name: 'Result', position: at(780), config: { result: '{{ steps.count.output }}' } },
    ],
    edges: [
      { id: 'e-input-import', source: 'input', target: 'import' },
      { id: 'e-import-count', source: 'import', target: 'count' },
      { id: 'e-count-result', source: 'count', target: 'result' },
    ],
    settings: { maxParallel: 4, inputSchema: { type: 'object', properties: { batch: { type: 'integer', minimum: 1, default: 1 } }, required: ['batch'] } },
  };
}
