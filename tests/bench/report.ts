import type { Metric } from './metric.js';

const BAR_WIDTH = 40;

function cell(value: number | undefined): string {
  return value === undefined ? '-' : String(value);
}

/** A plain table, one metric a row, with whether it meets its target. */
export function formatTable(metrics: Record<string, Metric>): string {
  const rows = [['metric', 'value', 'unit', 'target', 'baseline', 'status']];
  for (const [name, m] of Object.entries(metrics)) {
    rows.push([name, cell(m.value), m.unit, `<= ${m.target}`, cell(m.baseline), m.value <= m.target ? 'ok' : 'OVER']);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((text, column) => text.padEnd(widths[column]!)).join('  ');
  const lines = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  for (const [name, m] of Object.entries(metrics)) {
    if (!m.details) continue;
    lines.push('', `${name}:`);
    for (const [key, value] of Object.entries(m.details)) lines.push(`  ${key}: ${value}`);
  }
  return lines.join('\n');
}

/** `#` is the value, `|` the target, on one scale per metric (the larger of the two fills the width). */
export function formatChart(metrics: Record<string, Metric>): string {
  const nameWidth = Math.max(...Object.keys(metrics).map((name) => name.length));
  return Object.entries(metrics)
    .map(([name, m]) => {
      const scale = Math.max(m.value, m.target) / BAR_WIDTH;
      const barLength = Math.round(m.value / scale);
      const targetAt = Math.round(m.target / scale);
      let bar = '';
      for (let i = 1; i <= BAR_WIDTH; i++) bar += i === targetAt ? '|' : i <= barLength ? '#' : ' ';
      return `${name.padEnd(nameWidth)}  ${bar}  ${m.value} ${m.unit} (target ${m.target})`;
    })
    .join('\n');
}
