// Medians, spreads, units and verdicts, shared by every section of the benchmark.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** { median, min, max } of a list of samples. */
export const summary = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

/** Operations per second as "123.4k". */
export const kOps = (x) => `${(x / 1000).toFixed(1)}k`;
/** Milliseconds with one decimal. */
export const ms = (x) => `${x.toFixed(1)} ms`;
/** Bytes as KiB (or MiB past 1 MiB). */
export const bytes = (n) => (Math.abs(n) >= 1 << 20 ? `${(n / (1 << 20)).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`);

/**
 * One row of the targets table: `passed` is decided by the caller, or null for a figure the issue
 * asks to report without a bar ("report"). In smoke mode no verdict is given (the figures of a
 * seconds-long run on a shared machine mean nothing).
 */
export const target = (name, figure, passed) => ({ name, figure, passed });
export const verdict = (passed, smoke) => (smoke ? 'smoke' : passed === null ? 'report' : passed ? 'PASS' : 'FAIL');

/** Prints a Markdown table: `header` is a list of column titles, a title ending in ':' is right-aligned. */
export function table(header, rows) {
  const titles = header.map((h) => h.replace(/:$/, ''));
  const align = header.map((h) => (h.endsWith(':') ? '--:' : '---'));
  return [`| ${titles.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
