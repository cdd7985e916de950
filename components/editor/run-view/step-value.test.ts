/** An output a capped read left out shows as a sentence with its size, not as the marker's fields. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { expect, it } from 'vitest';
import { omittedOutput } from '@/server/runs/omitted-output';
import { StepValue } from './step-value';

const render = (value: unknown) => renderToStaticMarkup(createElement(StepValue, { value, label: 'Run output', isModelText: false }));

it('says an omitted output is too large to show here and to open the step', () => {
  const html = render(omittedOutput(12 * 1024 * 1024));
  expect(html).toContain('Output too large to show here (12.0 MB) — open the step');
  expect(html).not.toContain('omitted');
});

it('shows any other value as it is', () => {
  expect(render('plain text')).toContain('plain text');
  expect(render({ omitted: 'something else', bytes: 3 })).not.toContain('too large');
});
