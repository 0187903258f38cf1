/**
 * `npm run bench [-- <section id>...]`: runs the benchmark sections (sections.ts) and writes
 * their tables as Markdown to stdout and to BENCHMARKS.md. BENCH_RUNS sets the repetitions.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchTable } from './section.js';
import { SECTIONS } from './sections.js';

// The SDK's notice about its future Node.js versions would land in the middle of the tables.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// npm runs scripts from the package root (this file runs bundled, from node_modules/.cache).
const repoRoot = resolve('.');
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((id) => !SECTIONS.some((s) => s.id === id));
if (unknown.length > 0) {
  console.error(
    `unknown section(s): ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.id).join(', ')}`,
  );
  process.exit(2);
}
const runs = Number.parseInt(process.env.BENCH_RUNS ?? '10', 10) || 10;
const context = { repoRoot, runs, log: (message: string) => console.error(`bench: ${message}`) };

const header = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ` +
    `${process.platform}/${process.arch}, ${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}. ` +
    'Absolute times depend on the machine; compare ratios and sizes.',
  '',
];
const parts: string[] = [header.join('\n')];
console.log(parts[0]);

for (const section of SECTIONS.filter((s) => wanted.length === 0 || wanted.includes(s.id))) {
  context.log(`${section.id}...`);
  const table = await section.run(context);
  const text = [`## ${section.title}`, '', section.description, '', ...tableText(table)];
  for (const { title, table: more } of table.more ?? [])
    text.push('', `### ${title}`, '', ...tableText(more));
  parts.push(`${text.join('\n')}\n`);
  console.log(parts.at(-1));
}

writeFileSync(join(repoRoot, 'BENCHMARKS.md'), parts.join('\n'));
context.log('written to BENCHMARKS.md');

function tableText(table: BenchTable): string[] {
  const text = [markdownTable(table)];
  if (table.notes?.length) text.push('', ...table.notes.map((note) => `- ${note}`));
  return text;
}

function markdownTable({ columns, rows }: BenchTable): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const numeric = columns.map((_, i) => rows.every((row) => /^[\d.,×x%-]+/.test(row[i] ?? '')));
  return [
    line(columns),
    line(columns.map((_, i) => (numeric[i] ? '---:' : '---'))),
    ...rows.map(line),
  ].join('\n');
}
