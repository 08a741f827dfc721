import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

/**
 * Memory of `ha-guide lint` (dist/cli.js, a child process) on a document holding one huge diagram: our DOT
 * checks and Graphviz's wasm heap (its worker thread is in the same process) together. The peak resident
 * set comes from the child itself (a module preloaded with --require prints `process.resourceUsage().maxRSS`
 * when it exits), so the figure is the process's own high-water mark, not a sample.
 */
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function diagramDocument(nodes: number, edges: number): string {
  const lines = ['Big', '===', '', '.. graphviz::', '', '   digraph g {'];
  for (let i = 0; i < nodes; i++) lines.push(`      n${i} [label="node ${i}"];`);
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % nodes;
  for (let i = 0; i < edges; i++) lines.push(`      n${rand()} -> n${rand()};`);
  lines.push('   }', '');
  return lines.join('\n');
}

function peakRssMb(dir: string, file: string): { mb: number; stdout: string } {
  const preload = path.join(dir, 'peak.js');
  fs.writeFileSync(preload, "process.on('exit', () => require('fs').writeSync(2, `maxRSS=${process.resourceUsage().maxRSS}\\n`));\n");
  const r = spawnSync(process.execPath, ['--require', preload, CLI, 'lint', file], { cwd: dir, encoding: 'utf8', timeout: 120000 });
  const m = /maxRSS=(\d+)/.exec(r.stderr);
  assert.ok(m, `no peak reported (exit ${r.status}): ${r.stderr}`);
  return { mb: Number(m[1]) / 1024, stdout: r.stdout };
}

test('lint of a 3,000-node, 10,000-edge diagram stays under 300 MB, and twice the edges take less than three times the memory', { timeout: 300000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-mem-'));
  fs.writeFileSync(path.join(dir, 'e10k.rst'), diagramDocument(3000, 10000));
  fs.writeFileSync(path.join(dir, 'e20k.rst'), diagramDocument(3000, 20000));
  const small = peakRssMb(dir, 'e10k.rst');
  const large = peakRssMb(dir, 'e20k.rst');
  // Graphviz cannot lay these out within its limits: the lint says so on the diagram.
  assert.match(small.stdout, /e10k\.rst:4:4: warning dot\.layout-(too-large|timeout) /);
  assert.match(large.stdout, /e20k\.rst:4:4: warning dot\.layout-(too-large|timeout) /);
  assert.ok(small.mb < 300, `10,000 edges: peak ${small.mb.toFixed(0)} MB`);
  assert.ok(large.mb < 3 * small.mb, `20,000 edges: peak ${large.mb.toFixed(0)} MB against ${small.mb.toFixed(0)} MB`);
});
