// One line per budget of the benchmark, readable and machine-readable at once. Every bench module reports its
// budgets through `budget()`; test/bench/run.mjs collects the `##budget` lines of the modules it runs, prints
// them as one table and writes them to test/bench/BENCHMARKS.md (linked from the README).
//
//   budget({ name: 'keystroke -> diagnostics, seed (p90)', value: 1.9, unit: 'ms', limit: 3, better: 'lower',
//            anchor: 'previous 40 ms p90' })
//
// `better` is 'lower' for times and 'higher' for ratios (ours faster than a reference tool by at least `limit`).
// A budget is a figure, never a test: a figure over budget is reported as OVER, and nothing fails.

const fmt = (x, unit) => {
  if (!Number.isFinite(x)) return 'n/a';
  const n = Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
  return unit === 'x' ? `${n}x` : `${n} ${unit}`;
};

export function describeBudget(b) {
  const limit = `${b.better === 'higher' ? '>=' : '<='} ${fmt(b.limit, b.unit)}`;
  const verdict = !Number.isFinite(b.value) ? 'not measured' : (b.better === 'higher' ? b.value >= b.limit : b.value <= b.limit) ? 'within' : 'OVER';
  return { ...b, shown: fmt(b.value, b.unit), limitShown: limit, verdict };
}

export function budget(b) {
  const d = describeBudget(b);
  process.stdout.write(`  budget: ${d.name}: ${d.shown} (budget ${d.limitShown}; ${d.verdict})${d.anchor ? `; anchor: ${d.anchor}` : ''}\n`);
  process.stdout.write(`##budget ${JSON.stringify(b)}\n`);
}

/** The budgets reported in a module's output, and the output without their machine-readable lines. */
export function collectBudgets(output) {
  const budgets = [];
  const lines = [];
  for (const line of String(output ?? '').split('\n')) {
    if (line.startsWith('##budget ')) {
      try { budgets.push(JSON.parse(line.slice(9))); } catch { lines.push(line); }
    } else lines.push(line);
  }
  return { budgets, text: lines.join('\n') };
}
