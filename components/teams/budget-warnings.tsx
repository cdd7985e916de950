import { budgetWarnings, type Budget } from './budget-format';

/** A banner of the budgets used to 80 % or more of a limit, on the Metrics page and above the budgets list. */
export function BudgetWarnings({ budgets }: { budgets: readonly Budget[] }) {
  const warnings = budgetWarnings(budgets);
  if (warnings.length === 0) return null;
  const isAnyReached = warnings.some((w) => w.threshold === 100);
  return (
    <section
      aria-label="Budget alerts"
      className={`rounded-md border px-4 py-3 text-sm ${isAnyReached ? 'border-danger-600/30 bg-danger-50 text-danger-700' : 'border-warning-700/30 bg-warning-50 text-warning-700'}`}
    >
      <p className="font-medium">{isAnyReached ? 'A budget is used up: LLM calls and new runs it covers are refused.' : 'A budget is nearly used up.'}</p>
      <ul className="mt-1 list-disc pl-5">
        {warnings.map((warning) => (
          <li key={warning.key}>
            {warning.threshold === 100 ? 'Limit reached' : '80 % reached'}: {warning.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
