/**
 * The prices every team starts from, in US dollars per million tokens. They live in code, so no team can
 * change them for another: a team's own prices (the ModelPrice table, price-table.ts) override them for
 * that team's calls only.
 */
export interface BuiltInPrice {
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
}

export const BUILT_IN_PRICES: readonly BuiltInPrice[] = Object.freeze([
  { model: 'gpt-4o', inputPerMTok: 2.5, outputPerMTok: 10 },
  { model: 'gpt-4o-mini', inputPerMTok: 0.15, outputPerMTok: 0.6 },
  { model: 'gpt-4.1', inputPerMTok: 2, outputPerMTok: 8 },
  { model: 'gpt-4.1-mini', inputPerMTok: 0.4, outputPerMTok: 1.6 },
  { model: 'o4-mini', inputPerMTok: 1.1, outputPerMTok: 4.4 },
]);
