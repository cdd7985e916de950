/**
 * How budgets write money, the same in team settings, a refused run, a step a budget stopped and a run's
 * alerts: three significant digits below a dollar ("$0.0123"), cents from a dollar up ("$4.20").
 */
const SIGNIFICANT = 3;
// Two different doubles differ within 17 significant digits.
const MAX_EXTRA_DIGITS = 15;

function fractionDigits(usd: number, extra: number): number {
  if (usd === 0 || Math.abs(usd) >= 1) return 2 + extra;
  const exponent = Number(usd.toExponential(SIGNIFICANT - 1 + extra).split('e')[1]);
  return Math.max(2, SIGNIFICANT - 1 + extra - exponent);
}

/** The decimals of the shortest text that reads back as `usd`: 0.3 has one, though its double is 0.2999…. */
function shortestDigits(usd: number): number {
  const [mantissa = '', exponent = '0'] = Math.abs(usd).toExponential().split('e');
  return Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exponent));
}

/** Rounded to `digits` decimals, zeros beyond the cents dropped; toFixed, as Intl stops at 20 decimals. */
function dollars(usd: number, digits: number): string {
  const [whole = '0', fraction = ''] = Math.abs(usd).toFixed(Math.min(digits, shortestDigits(usd))).split('.');
  const cents = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${usd < 0 ? '-' : ''}$${Number(whole).toLocaleString('en-US')}.${cents}`;
}

/**
 * What was spent and the limit, given as many more digits as it takes for two different amounts to read
 * differently: "$0.000141 of $0.0001", where rounding both alike read "$0.0001 of $0.0001". Rounding keeps
 * order, so the larger amount never reads as the smaller one.
 */
export function formatSpentAndLimit(spent: number, limit: number): { spent: string; limit: string } {
  for (let extra = 0; ; extra++) {
    const texts = { spent: dollars(spent, fractionDigits(spent, extra)), limit: dollars(limit, fractionDigits(limit, extra)) };
    if (spent === limit || texts.spent !== texts.limit || extra === MAX_EXTRA_DIGITS) return texts;
  }
}
