#!/usr/bin/env node
// Prints the circles of the project's import graph (relative imports between its own TypeScript files, type
// imports included) and exits 1 when there is one. Each circle is printed once, as its strongly connected
// component and one shortest loop through it.
//
//   node scripts/import-cycles.mjs [folder ...]        (default: server/src client/src client/webview)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ts = createRequire(import.meta.url)('typescript');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_FOLDERS = ['server/src', 'client/src', 'client/webview'];

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') walk(p, out);
    else if (e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

export function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec.replace(/\.js$/, ''));
  for (const c of [base + '.ts', base + '.tsx', path.join(base, 'index.ts')]) if (fs.existsSync(c)) return c;
  return undefined;
}

/**
 * The import graph of the TypeScript files under `folders` (relative to the repository) and its circles:
 * `edges` maps a file to the files it imports, `sccs` lists the strongly connected components of more than one
 * file (or a file importing itself).
 */
export function importCycles(folders = DEFAULT_FOLDERS) {
  const files = folders.flatMap((f) => walk(path.join(root, f), []));
  const edges = new Map();
  for (const f of files) {
    const info = ts.preProcessFile(fs.readFileSync(f, 'utf8'), true, true);
    const to = new Set();
    for (const i of info.importedFiles) {
      const r = resolveImport(f, i.fileName);
      if (r) to.add(r);
    }
    edges.set(f, [...to]);
  }

  // Tarjan's strongly connected components, iterative.
  let index = 0;
  const idx = new Map(), low = new Map(), onStack = new Set(), stack = [], sccs = [];
  for (const start of files) {
    if (idx.has(start)) continue;
    const work = [[start, 0]];
    idx.set(start, index); low.set(start, index); index++; stack.push(start); onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const next = (edges.get(v) ?? [])[i];
      if (next !== undefined) {
        frame[1]++;
        if (!idx.has(next)) {
          idx.set(next, index); low.set(next, index); index++; stack.push(next); onStack.add(next);
          work.push([next, 0]);
        } else if (onStack.has(next)) low.set(v, Math.min(low.get(v), idx.get(next)));
        continue;
      }
      work.pop();
      if (work.length) { const u = work[work.length - 1][0]; low.set(u, Math.min(low.get(u), low.get(v))); }
      if (low.get(v) === idx.get(v)) {
        const comp = [];
        let w;
        do { w = stack.pop(); onStack.delete(w); comp.push(w); } while (w !== v);
        if (comp.length > 1 || (edges.get(v) ?? []).includes(v)) sccs.push(comp);
      }
    }
  }
  return { files, edges, sccs };
}

/** A shortest loop from `from` back to itself inside the component (breadth first). */
export function loop(edges, comp, from) {
  const inside = new Set(comp);
  const prev = new Map([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const v = queue.shift();
    for (const w of edges.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === from) { const path_ = [v]; let p = prev.get(v); while (p) { path_.unshift(p); p = prev.get(p); } return [...path_, from]; }
      if (!prev.has(w)) { prev.set(w, v); queue.push(w); }
    }
  }
  return [from];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, edges, sccs } = importCycles(process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_FOLDERS);
  const rel = (f) => path.relative(root, f);
  console.log(`import graph: ${files.length} files, ${[...edges.values()].reduce((n, e) => n + e.length, 0)} imports, ${sccs.length} circle(s)`);
  for (const comp of sccs.sort((a, b) => b.length - a.length)) {
    const first = comp.map(rel).sort()[0];
    console.log(`- ${comp.length} files: ${comp.map(rel).sort().join(', ')}`);
    console.log(`  e.g. ${loop(edges, comp, path.join(root, first)).map(rel).join(' -> ')}`);
  }
  process.exit(sccs.length ? 1 : 0);
}
