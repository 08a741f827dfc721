#!/usr/bin/env node
// A fuzz target for the language server: the real dist/server.js over stdio, driven the way an editor
// drives it, with random (seeded, reproducible) documents, edits and requests; every answer is checked
// against the fuzzer's own copy of each document.
//
//   npm run fuzz -- --minutes 30 [--seed S]     a long run
//   npm run fuzz -- --seconds 10 --seed 1       a short one
//
// Options:
//   --minutes N | --seconds N   how long to run (default 1 minute)
//   --steps N                   stop after N steps instead (the same seed replays the same steps)
//   --seed S                    the random seed (an integer; default: a random one, printed)
//   --corpus DIR                documents to open: DIR/files/** and DIR/seed/*.rst when DIR has those folders,
//                               else every .rst/.dot under DIR (default /work/shared/corpus, else examples/)
//   --server FILE               the server to start (default dist/server.js)
//   --out DIR                   where failures are written, one JSON per failure with the document text
//                               (default <tmp>/ha-guide-fuzz-<seed>)
//   --hang-seconds N            a request unanswered this long is a hang (default 30)
//   --replay FILE               send the request of a failure file again against a fresh server and print the answer
//   --minimize                  with --replay: remove lines of the document while the failure stays, print what is left
//   --verbose                   print every step
//
// The last line is `fuzz: D documents, E edits, R requests, C crashes, P protocol errors, O out-of-range results,
// H hangs (seed S, M min)`; the exit code is 1 when any failure count is not zero, 2 on a usage error.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connectStdio } from '../lspStdio.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-jsonrpc/node');

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

function usage(message) {
  console.error(`lspFuzz: ${message}\nusage: node test/fuzz/lspFuzz.mjs [--minutes N | --seconds N | --steps N] [--seed S] [--corpus DIR] [--server FILE] [--out DIR] [--hang-seconds N] [--verbose] [--replay FILE [--minimize]]`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { seconds: 60, steps: Infinity, seed: undefined, corpus: undefined, server: path.join(ROOT, 'dist/server.js'), out: undefined, hangSeconds: 30, verbose: false, replay: undefined, minimize: false };
  const num = (i) => {
    const v = Number(argv[i + 1]);
    if (argv[i + 1] === undefined || !Number.isFinite(v) || v < 0) usage(`${argv[i]} needs a number`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--minutes') o.seconds = num(i++) * 60;
    else if (a === '--seconds') o.seconds = num(i++);
    else if (a === '--steps') o.steps = num(i++);
    else if (a === '--hang-seconds') o.hangSeconds = num(i++);
    else if (a === '--seed') {
      if (argv[i + 1] === undefined) usage('--seed needs a value');
      o.seed = argv[++i];
    } else if (a === '--corpus' || a === '--server' || a === '--out' || a === '--replay') {
      if (argv[i + 1] === undefined) usage(`${a} needs a path`);
      o[a.slice(2)] = path.resolve(argv[++i]);
    } else if (a === '--verbose') o.verbose = true;
    else if (a === '--minimize') o.minimize = true;
    else if (a === '--help' || a === '-h') usage('help');
    else usage(`unknown option ${a}`);
  }
  if (o.seed === undefined) o.seed = String(Math.floor(Math.random() * 2 ** 31));
  return o;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness (sfc32)
// ---------------------------------------------------------------------------------------------

function makeRandom(seedText) {
  let h = 1779033703 ^ seedText.length;
  for (let i = 0; i < seedText.length; i++) {
    h = Math.imul(h ^ seedText.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  const mix = () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 20; i++) next();
  const r = {
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** `[[weight, value], ...]` -> a value. */
    weighted: (pairs) => {
      let total = 0;
      for (const [w] of pairs) total += w;
      let x = next() * total;
      for (const [w, v] of pairs) {
        if ((x -= w) < 0) return v;
      }
      return pairs[pairs.length - 1][1];
    },
  };
  return r;
}

// ---------------------------------------------------------------------------------------------
// Text: lines as LSP counts them (\r\n, \r and \n end a line; characters are UTF-16 code units)
// ---------------------------------------------------------------------------------------------

function computeLines(text) {
  const starts = [0];
  const ends = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      ends.push(i);
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      ends.push(i);
      starts.push(i + 1);
    }
  }
  ends.push(text.length);
  return { starts, ends, count: starts.length, length: text.length };
}

const linesCache = new Map();
/** Line tables of the last texts asked about (a string key is hashed once by V8). */
function linesOf(text) {
  let l = linesCache.get(text);
  if (!l) {
    l = computeLines(text);
    if (linesCache.size >= 24) linesCache.delete(linesCache.keys().next().value);
    linesCache.set(text, l);
  }
  return l;
}

function positionAt(lines, offset) {
  let lo = 0;
  let hi = lines.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: Math.min(offset, lines.ends[lo]) - lines.starts[lo] };
}

/** An offset that is not between the \r and the \n of a line break (no position names that place). */
function snap(text, offset) {
  let o = Math.max(0, Math.min(offset, text.length));
  if (o > 0 && text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10) o--;
  return o;
}

const isIndex = (x) => Number.isInteger(x) && x >= 0;
const isPos = (p) => p !== null && typeof p === 'object' && isIndex(p.line) && isIndex(p.character);
const before = (a, b) => a.line < b.line || (a.line === b.line && a.character < b.character);
const contains = (outer, inner) => !before(inner.start, outer.start) && !before(outer.end, inner.end);

/** Why a position is not in the text (undefined when it is). */
function positionProblem(p, lines) {
  if (!isPos(p)) return `not a position: ${short(p)}`;
  if (p.line >= lines.count) return `line ${p.line} is past the last line ${lines.count - 1}`;
  const len = lines.ends[p.line] - lines.starts[p.line];
  if (p.character > len) return `character ${p.character} is past the end of line ${p.line} (length ${len})`;
  return undefined;
}

function rangeProblem(r, lines) {
  if (r === null || typeof r !== 'object' || !isPos(r.start) || !isPos(r.end)) return `not a range: ${short(r)}`;
  if (lines) {
    const p = positionProblem(r.start, lines) ?? positionProblem(r.end, lines);
    if (p) return p;
  }
  if (before(r.end, r.start)) return `end ${r.end.line}:${r.end.character} is before start ${r.start.line}:${r.start.character}`;
  return undefined;
}

function short(x, max = 300) {
  let s;
  try {
    s = JSON.stringify(x);
  } catch {
    s = String(x);
  }
  if (s === undefined) s = String(x);
  return s.length > max ? `${s.slice(0, max)}... (${s.length} chars)` : s;
}

// ---------------------------------------------------------------------------------------------
// Generated reStructuredText and DOT
// ---------------------------------------------------------------------------------------------

const WORDS = ['ha', 'designate', 'pool', 'worker', 'central', 'mdns', 'node', 'edge', 'label', 'x', 'A', 'tooz driver list', 'ünïcødé', '中文字', '😀', 'a_b', 'a-b', 'a.b', 'Ω', 'ｗｉｄｅ', 'e\u0301', 'glossary', 'term', 'ref'];
const PATHS = ['../../../../../../etc/passwd', '/etc/hostname', 'missing.rst', 'ha.rst', '../conf.py', '/dev/null', '.', '', 'a/'.repeat(300) + 'x.rst', 'file:///etc/passwd', '<isonum.txt>', 'diagram.dot', '../dot/x.dot', 'images/x.png', 'http://example.invalid/x.png', 'C:\\x.rst', '%2e%2e/x', 'x\u0000y.rst', '~/x.rst'];

function makeText(r) {
  const word = () => r.pick(WORDS);
  const words = (n = r.range(1, 6)) => Array.from({ length: n }, word).join(' ');
  const indent = (text, n) => text.split('\n').map((l) => (l ? ' '.repeat(n) + l : l)).join('\n');
  const id = () => r.pick(['a', 'b', 'node1', '"quoted id"', '"ünï"', '_x', '-1.5', 'A', 'edge', 'subgraph', '中', '<b>html</b>']);

  function dot() {
    const kind = r.pick(['digraph', 'graph', 'strict digraph', 'digraph', 'subgraph', '']);
    const op = r.chance(0.8) ? (kind.includes('digraph') ? '->' : '--') : r.pick(['->', '--', '-', '=>']);
    const stmts = [];
    for (let i = r.range(0, 6); i > 0; i--) {
      stmts.push(
        r.weighted([
          [4, () => `${id()} ${op} ${id()}${r.chance(0.4) ? ` [label="${words(2)}"]` : ''};`],
          [2, () => `${id()} [shape=${r.pick(['box', 'record', 'ellipse', 'nosuchshape', 'plaintext'])}, color=${r.pick(['red', '"#ff0000"', 'var(--x)', 'nosuchcolor'])}];`],
          [1, () => `${r.pick(['rankdir', 'splines', 'nodesep', 'bogus'])}=${r.pick(['LR', 'XY', 'ortho', '0.5', '"x"'])};`],
          [1, () => `subgraph cluster_${r.int(9)} { label="${word()}"; ${id()}; }`],
          [1, () => `${id()} [label=<<table><tr><td port="p">${word()}</td></tr></table>>];`],
          [1, () => `${id()} [shape=record, label="{<f0> a|<f1> b}"]; ${id()}:f1 ${op} ${id()}:n;`],
          [1, () => r.pick(['/* unterminated', '// comment', '# hash', '"unterminated', '{', '}', '[', ']', ';;', '=', 'node [', `"${'\\'.repeat(3)}"`])],
          [1, () => `${id()} [image="${r.pick(PATHS)}"];`],
        ])(),
      );
    }
    const body = stmts.map((s) => `  ${s}`).join('\n');
    return r.chance(0.9) ? `${kind} ${r.chance(0.5) ? 'G ' : ''}{\n${body}\n}` : body;
  }

  function title() {
    const t = words();
    const ch = r.pick(['=', '-', '~', '^', '"', "'", '`', '#', '*', '+', '.', ':', '_']);
    const n = Math.max(0, t.length + r.range(-3, 3));
    return r.chance(0.3) ? `${ch.repeat(n)}\n${t}\n${ch.repeat(n)}` : `${t}\n${ch.repeat(n)}`;
  }

  function directive() {
    return r.weighted([
      [5, () => `.. graphviz::${r.chance(0.15) ? ` ${r.pick(PATHS)}` : ''}\n${r.chance(0.3) ? `   :caption: ${words()}\n   :align: ${r.pick(['center', 'left', 'nowhere'])}\n` : ''}${r.chance(0.9) ? '\n' : ''}${indent(dot(), r.pick([3, 3, 4, 2, 8]))}`],
      [2, () => `.. ${r.pick(['digraph', 'graph'])}:: ${r.chance(0.8) ? word() : ''}\n\n${indent(dot(), 3)}`],
      [2, () => `.. ${r.pick(['blockdiag', 'seqdiag', 'nwdiag', 'actdiag', 'packetdiag', 'rackdiag'])}::\n\n   ${r.pick(['blockdiag', 'seqdiag', 'nwdiag', 'diagram', ''])} {\n     ${id()} -> ${id()}${r.chance(0.5) ? ` [label = "${word()}"]` : ''};\n     ${r.pick(['group { A; B; }', 'network n { address = "10.0.0.0/24"; A; }', 'A -> B -> C;', '1-7: field', 'default_fontsize = 14;', '} }'])}\n   }`],
      [2, () => `.. code-block:: ${r.pick(['ini', 'console', 'python', 'none', ''])}\n\n   [${word()}]\n   key = ${word()}`],
      [1, () => `.. ${r.pick(['include', 'literalinclude'])}:: ${r.pick(PATHS)}${r.chance(0.3) ? '\n   :lines: 1-3\n   :start-after: x' : ''}`],
      [1, () => `.. ${r.pick(['image', 'figure'])}:: ${r.pick(PATHS)}\n   :alt: ${word()}\n   :width: ${r.pick(['100px', '50%', 'huge'])}`],
      [1, () => `.. toctree::\n   :maxdepth: ${r.pick(['2', 'x'])}\n\n   ${r.pick(PATHS)}\n   ${word()}`],
      [1, () => `.. glossary::\n\n   ${word()}\n      ${words()}\n\n   ${word()}\n      ${words()}`],
      [1, () => `.. ${r.pick(['note', 'warning', 'tip', 'only', 'versionadded', 'math', 'raw', 'contents', 'sectnum', 'confval', 'py:function', 'automodule', '注解', 'unknown-directive', 'csv-table', 'list-table', 'tabs'])}:: ${r.chance(0.5) ? words(2) : ''}\n${r.chance(0.5) ? `   :${word()}: ${word()}\n` : ''}\n   ${words()}`],
      [1, () => `.. |${word()}| ${r.pick(['replace:: ' + words(), 'image:: ' + r.pick(PATHS), 'unicode:: U+2014', 'date::'])}`],
    ])();
  }

  function inline() {
    return r.weighted([
      [3, () => `:${r.pick(['ref', 'doc', 'term', 'math', 'code', 'file', 'unknown', 'py:func', 'abbr', 'kbd', 'download', 'numref'])}:\`${r.pick([word(), `${word()} <${word()}>`, `/${word()}`, '', '`', `${word()}\n${word()}`])}\``],
      [2, () => `\`${words(2)} <${r.pick(['http://example.invalid/', word() + '_', '#frag', PATHS[r.int(PATHS.length)]])}>\`_${r.chance(0.3) ? '_' : ''}`],
      [2, () => `${r.chance(0.5) ? `\`${words(2)}\`` : word().replace(/ /g, '')}_`],
      [1, () => `|${word()}|${r.chance(0.3) ? '_' : ''}`],
      [1, () => r.pick(['[#]_', '[1]_', '[#note]_', '[CIT2002]_', '[*]_'])],
      [2, () => r.pick(['*', '**', '``', '`', '_', '|', ':']) + words(2) + r.pick(['*', '**', '``', '`', '', '_'])],
      [1, () => r.pick(['\\*', '\\', '::', ' :: ', '<', '>', '..', '__'])],
    ])();
  }

  function block() {
    return r.weighted([
      [3, () => `${words(r.range(2, 12))} ${inline()} ${words(2)}`],
      [2, () => `.. _${r.chance(0.3) ? `\`${words(2)}\`` : word().replace(/ /g, '-')}:`],
      [1, () => `.. __: http://example.invalid/${word()}`],
      [1, () => r.pick([`.. [#${word()}] ${words()}`, `.. [CIT2002] ${words()}`, `.. [1] ${words()}`])],
      [1, () => `.. ${words()}\n   ${words()}`],
      [2, () => `- ${words()}\n- ${words()}\n\n  - ${words()}`],
      [1, () => `${r.pick(['1.', '#.', 'a)', '(i)', 'IV.'])} ${words()}\n${r.pick(['2.', '#.', 'b)', '3.'])} ${words()}`],
      [1, () => `:${word()}: ${words()}\n:${word()}:\n   ${words()}`],
      [1, () => `-a  ${words()}\n--long=VALUE  ${words()}`],
      [1, () => `| ${words()}\n|    ${words()}`],
      [1, () => `>>> ${r.pick(['1 + 1', 'print("x")'])}\n${r.pick(['2', 'x'])}`],
      [1, () => `${words()}::\n\n   ${words()}\n   .. graphviz::\n\n      digraph { a -> b }`],
      [1, () => {
        const w = r.range(3, 12);
        const bar = `+${'-'.repeat(w)}+${'-'.repeat(r.range(2, 8))}+`;
        return `${bar}\n| ${word().padEnd(w - 1).slice(0, w - 1)}|${r.chance(0.5) ? ' x |' : ' x'}\n${r.chance(0.5) ? bar.replace(/-/g, '=') : bar}`;
      }],
      [1, () => `${'='.repeat(5)}  ${'='.repeat(r.range(3, 6))}\n${word()}  ${word()}\n${'='.repeat(5)}  ${'='.repeat(r.range(1, 6))}`],
      [1, () => `${words()}\n\n    ${words()}\n\n  ${words()}`],
    ])();
  }

  return {
    dot,
    title,
    directive,
    inline,
    block,
    fragment: () => r.weighted([
      [3, title],
      [5, directive],
      [5, block],
      [3, inline],
    ])(),
    document: () => Array.from({ length: r.range(1, 12) }, () => r.weighted([[1, title], [2, directive], [3, block]])()).join('\n\n') + (r.chance(0.8) ? '\n' : ''),
    word,
  };
}

// ---------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------

function listFiles(dir, out = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') listFiles(full, out);
    else if (e.isFile()) out.push(full);
  }
  return out;
}

function loadCorpus(dir) {
  const fallback = fs.existsSync('/work/shared/corpus/files') ? '/work/shared/corpus' : path.join(ROOT, 'examples');
  const root = dir ?? process.env.HA_GUIDE_FUZZ_CORPUS ?? fallback;
  const layout = fs.existsSync(path.join(root, 'files'));
  const workspace = layout ? path.join(root, 'files') : root;
  const all = listFiles(workspace);
  const seeds = layout ? listFiles(path.join(root, 'seed')).filter((f) => f.endsWith('.rst')) : [];
  const rst = all.filter((f) => f.endsWith('.rst'));
  const dot = all.filter((f) => f.endsWith('.dot') || f.endsWith('.gv'));
  const py = all.filter((f) => path.basename(f) === 'conf.py');
  if (!rst.length && !seeds.length) usage(`no .rst files under ${root}`);
  return { root, workspace, rst, dot, py, seeds: seeds.length ? seeds : rst.slice(0, 1) };
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/** Starts the server and initializes it with `workspace` as the folder; `events` get what it sends. */
async function startServer(opts, workspace, events) {
  const child = spawn(process.execPath, [opts.server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const srv = { child, conn: undefined, exited: false, stderr: '', capabilities: {}, stopping: false };
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    srv.stderr = (srv.stderr + d).slice(-4000);
  });
  child.stdin.on('error', () => undefined);
  const logger = {
    error: (m) => events.rpcError(srv, `JSON-RPC error: ${m}`),
    warn: (m) => events.rpcError(srv, `JSON-RPC warning: ${m}`),
    info: () => undefined,
    log: () => undefined,
  };
  const conn = connectStdio(child, logger);
  srv.conn = conn;
  srv.exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      srv.exited = true;
      resolve({ code, signal });
      events.exit(srv, code, signal);
    });
  });
  const folderUri = pathToFileURL(workspace).href;
  conn.onNotification('textDocument/publishDiagnostics', (p) => events.diagnostics(srv, p));
  conn.onNotification('haGuide/log', (p) => events.log(srv, p));
  conn.onNotification((method, params) => events.notification(srv, method, params));
  conn.onRequest('workspace/configuration', (p) => (Array.isArray(p?.items) ? p.items.map(() => ({})) : []));
  conn.onRequest('workspace/workspaceFolders', () => [{ uri: folderUri, name: path.basename(workspace) }]);
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('client/unregisterCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest((method, params) => {
    events.serverRequest(srv, method, params);
    return null;
  });
  conn.onError(([e]) => events.rpcError(srv, `JSON-RPC transport error: ${e?.message ?? e}`));
  conn.listen();
  const init = await Promise.race([
    conn.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'lspFuzz' },
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: path.basename(workspace) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          completion: { completionItem: { snippetSupport: false } },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          rename: { prepareSupport: true },
        },
      },
    }),
    srv.exitPromise.then(({ code, signal }) => {
      throw new Error(`the server exited during initialize (code ${code}, signal ${signal}): ${srv.stderr.slice(-1000)}`);
    }),
  ]);
  srv.capabilities = init?.capabilities ?? {};
  await conn.sendNotification('initialized', {});
  return srv;
}

async function stopServer(srv) {
  if (srv.exited) return;
  srv.stopping = true;
  const timeout = (ms) => new Promise((r) => setTimeout(r, ms));
  await Promise.race([srv.conn.sendRequest('shutdown').catch(() => undefined), timeout(5000)]);
  await srv.conn.sendNotification('exit').catch(() => undefined);
  await Promise.race([srv.exitPromise, timeout(5000)]);
  if (!srv.exited) srv.child.kill('SIGKILL');
  srv.conn.dispose();
}

function killServer(srv) {
  srv.stopping = true;
  if (!srv.exited) srv.child.kill('SIGKILL');
  try {
    srv.conn.dispose();
  } catch {
    // already gone
  }
}

// ---------------------------------------------------------------------------------------------
// Checking answers
// ---------------------------------------------------------------------------------------------

const ErrorCode = { InvalidParams: -32602, RequestCancelled: -32800, ContentModified: -32801, RequestFailed: -32803 };

const diskCache = new Map();
function diskText(uri) {
  if (diskCache.has(uri)) return diskCache.get(uri);
  let text;
  try {
    if (uri.startsWith('file:')) text = fs.readFileSync(fileURLToPath(uri), 'utf8');
  } catch {
    text = undefined;
  }
  if (diskCache.size > 500) diskCache.clear();
  diskCache.set(uri, text);
  return text;
}

/**
 * Checks an answer. `ctx.texts(uri)` gives the texts a range in that document may be measured against (the
 * open document at the request's version; for other files their text on disk or as last closed).
 * Returns problems: `{ kind: 'range' | 'protocol', problem }`.
 */
function checkAnswer(method, params, result, ctx) {
  const problems = [];
  const range = (r, uri, what) => {
    const texts = ctx.texts(uri);
    if (!texts.length) {
      const p = rangeProblem(r, undefined);
      if (p) problems.push({ kind: 'range', problem: `${what}: ${p}` });
      return;
    }
    let first;
    for (const t of texts) {
      const p = rangeProblem(r, linesOf(t));
      if (!p) return;
      first ??= p;
    }
    problems.push({ kind: 'range', problem: `${what} in ${uri}: ${first} (range ${short(r)})` });
  };
  const uri = params?.textDocument?.uri;
  const invalid = (what) => problems.push({ kind: 'protocol', problem: `invalid result: ${what}` });
  const location = (l, what) => {
    if (!l || typeof l !== 'object') return invalid(`${what} is not a location: ${short(l)}`);
    if (typeof l.targetUri === 'string') {
      range(l.targetRange, l.targetUri, `${what}.targetRange`);
      range(l.targetSelectionRange, l.targetUri, `${what}.targetSelectionRange`);
      if (isPos(l.targetRange?.start) && isPos(l.targetSelectionRange?.start) && !contains(l.targetRange, l.targetSelectionRange)) problems.push({ kind: 'range', problem: `${what}: targetSelectionRange is not inside targetRange` });
      if (l.originSelectionRange) range(l.originSelectionRange, uri, `${what}.originSelectionRange`);
      return;
    }
    if (typeof l.uri !== 'string') return invalid(`${what} has no uri: ${short(l)}`);
    range(l.range, l.uri, `${what}.range`);
  };
  const workspaceEdit = (edit, what) => {
    if (edit === null || edit === undefined) return;
    if (typeof edit !== 'object') return invalid(`${what} is not a workspace edit`);
    const perUri = [];
    if (edit.changes !== undefined) {
      if (!edit.changes || typeof edit.changes !== 'object') return invalid(`${what}.changes is not an object`);
      for (const [uri, edits] of Object.entries(edit.changes)) perUri.push([uri, edits]);
    }
    if (Array.isArray(edit.documentChanges)) {
      for (const dc of edit.documentChanges) if (dc?.textDocument?.uri) perUri.push([dc.textDocument.uri, dc.edits]);
    }
    for (const [uri, edits] of perUri) {
      if (!Array.isArray(edits)) {
        invalid(`${what}: the edits of ${uri} are not a list`);
        continue;
      }
      edits.forEach((e, i) => {
        if (!e || typeof e.newText !== 'string') invalid(`${what}: edit ${i} of ${uri} has no newText`);
        range(e?.range, uri, `${what}: edit ${i}`);
      });
      const sorted = edits.filter((e) => !rangeProblem(e?.range)).map((e) => e.range).sort((a, b) => (before(a.start, b.start) ? -1 : before(b.start, a.start) ? 1 : 0));
      for (let i = 1; i < sorted.length; i++) {
        if (before(sorted[i].start, sorted[i - 1].end)) {
          problems.push({ kind: 'range', problem: `${what}: overlapping edits in ${uri}: ${short(sorted[i - 1])} and ${short(sorted[i])}` });
          break;
        }
      }
    }
  };
  const list = (x, what) => {
    if (x === null || x === undefined) return [];
    if (!Array.isArray(x)) {
      invalid(`${what} is not a list: ${short(x)}`);
      return [];
    }
    return x;
  };
  const requestPos = params?.position;
  const posInText = () => {
    const texts = ctx.texts(uri);
    return texts.length === 1 && isPos(requestPos) && !positionProblem(requestPos, linesOf(texts[0]));
  };

  switch (method) {
    case 'textDocument/hover':
      if (result === null || result === undefined) break;
      if (typeof result !== 'object' || result.contents === undefined) invalid(`hover without contents: ${short(result)}`);
      else if (typeof result.contents === 'object' && result.contents !== null && 'value' in result.contents && typeof result.contents.value !== 'string') invalid('hover contents.value is not a string');
      if (result?.range !== undefined) range(result.range, uri, 'hover range');
      break;
    case 'textDocument/definition':
    case 'textDocument/typeDefinition':
    case 'textDocument/declaration':
    case 'textDocument/implementation':
    case 'textDocument/references':
      if (result && !Array.isArray(result)) location(result, 'location');
      else list(result, 'locations').forEach((l, i) => location(l, `location ${i}`));
      break;
    case 'textDocument/documentHighlight':
      list(result, 'highlights').forEach((h, i) => range(h?.range, uri, `highlight ${i}`));
      break;
    case 'textDocument/completion': {
      const items = result && !Array.isArray(result) ? list(result.items, 'completion items') : list(result, 'completion items');
      const inside = posInText();
      items.forEach((c, i) => {
        if (!c || typeof c.label !== 'string') return invalid(`completion item ${i} has no label: ${short(c)}`);
        const what = `completion item ${i} (${short(c.label, 40)})`;
        const edit = c.textEdit;
        if (edit) {
          const ranges = edit.range ? [['textEdit.range', edit.range]] : [['textEdit.insert', edit.insert], ['textEdit.replace', edit.replace]];
          for (const [name, r] of ranges) {
            range(r, uri, `${what} ${name}`);
            if (isPos(r?.start) && isPos(r?.end) && r.start.line !== r.end.line) problems.push({ kind: 'range', problem: `${what} ${name} spans lines ${r.start.line}-${r.end.line} (must be one line)` });
            else if (inside && isPos(r?.start) && isPos(r?.end) && !contains(r, { start: requestPos, end: requestPos })) problems.push({ kind: 'range', problem: `${what} ${name} ${short(r)} does not contain the position ${requestPos.line}:${requestPos.character}` });
          }
          if (typeof edit.newText !== 'string') invalid(`${what} textEdit without newText`);
        }
        list(c.additionalTextEdits, `${what} additionalTextEdits`).forEach((e, j) => range(e?.range, uri, `${what} additional edit ${j}`));
      });
      break;
    }
    case 'textDocument/documentSymbol': {
      const walk = (s, what, depth) => {
        if (!s || typeof s !== 'object') return invalid(`${what} is not a symbol`);
        if (typeof s.name !== 'string' || !s.name.trim()) invalid(`${what} has an empty name (${short(s.name)})`);
        if (s.location) return location(s.location, `${what}.location`);
        range(s.range, uri, `${what}.range`);
        range(s.selectionRange, uri, `${what}.selectionRange`);
        if (!rangeProblem(s.range) && !rangeProblem(s.selectionRange) && !contains(s.range, s.selectionRange)) problems.push({ kind: 'range', problem: `${what} (${short(s.name, 40)}): selectionRange ${short(s.selectionRange)} is not inside range ${short(s.range)}` });
        if (depth < 200) list(s.children, `${what}.children`).forEach((c, i) => walk(c, `${what}.${i}`, depth + 1));
      };
      list(result, 'symbols').forEach((s, i) => walk(s, `symbol ${i}`, 0));
      break;
    }
    case 'textDocument/foldingRange': {
      const texts = ctx.texts(uri);
      const lines = texts.length === 1 ? linesOf(texts[0]) : undefined;
      list(result, 'folding ranges').forEach((f, i) => {
        if (!f || !isIndex(f.startLine) || !isIndex(f.endLine)) return invalid(`folding range ${i}: ${short(f)}`);
        if (f.startLine > f.endLine) problems.push({ kind: 'range', problem: `folding range ${i}: start line ${f.startLine} after end line ${f.endLine}` });
        if (lines && f.endLine >= lines.count) problems.push({ kind: 'range', problem: `folding range ${i}: end line ${f.endLine} is past the last line ${lines.count - 1}` });
      });
      break;
    }
    case 'textDocument/selectionRange': {
      const ranges = list(result, 'selection ranges');
      const positions = Array.isArray(params?.positions) ? params.positions : [];
      if (result && ranges.length !== positions.length) invalid(`${ranges.length} selection ranges for ${positions.length} positions`);
      const texts = ctx.texts(uri);
      ranges.forEach((s, i) => {
        let depth = 0;
        const p = positions[i];
        const inside = texts.length === 1 && isPos(p) && !positionProblem(p, linesOf(texts[0]));
        if (inside && s && isPos(s.range?.start) && !contains(s.range, { start: p, end: p })) problems.push({ kind: 'range', problem: `selection range ${i} ${short(s.range)} does not contain its position ${p.line}:${p.character}` });
        for (let cur = s; cur && depth < 500; cur = cur.parent, depth++) {
          range(cur.range, uri, `selection range ${i} level ${depth}`);
          if (cur.parent && !rangeProblem(cur.range) && !rangeProblem(cur.parent.range) && !contains(cur.parent.range, cur.range)) {
            problems.push({ kind: 'range', problem: `selection range ${i} level ${depth + 1} ${short(cur.parent.range)} does not contain level ${depth} ${short(cur.range)}` });
          }
        }
      });
      break;
    }
    case 'textDocument/documentLink':
      list(result, 'links').forEach((l, i) => {
        range(l?.range, uri, `link ${i}`);
        if (l?.target !== undefined && typeof l.target !== 'string') invalid(`link ${i} target is not a string`);
      });
      break;
    case 'textDocument/codeAction':
      list(result, 'code actions').forEach((a, i) => {
        if (!a || typeof a.title !== 'string' || !a.title) return invalid(`code action ${i} has no title: ${short(a)}`);
        if (a.diagnostics !== undefined && (!Array.isArray(a.diagnostics) || a.diagnostics.some((d) => !d || typeof d !== 'object'))) invalid(`code action ${i} (${a.title}): diagnostics ${short(a.diagnostics)}`);
        workspaceEdit(a.edit, `code action ${i} (${a.title})`);
      });
      break;
    case 'textDocument/prepareRename':
      if (result === null || result === undefined || result.defaultBehavior !== undefined) break;
      range(result.range ?? result, uri, 'prepareRename range');
      break;
    case 'textDocument/rename':
      workspaceEdit(result, 'rename');
      break;
    case 'workspace/symbol':
      list(result, 'workspace symbols').forEach((s, i) => {
        if (!s || typeof s.name !== 'string' || !s.name.trim()) invalid(`workspace symbol ${i} has an empty name: ${short(s)}`);
        if (s?.location?.range || !s?.location?.uri) location(s?.location, `workspace symbol ${i} (${short(s?.name, 40)}).location`);
      });
      break;
    case 'haGuide/fileReferences':
      list(result, 'file references').forEach((l, i) => location(l, `file reference ${i}`));
      break;
    case 'haGuide/pastedText':
      if (result !== null && (typeof result !== 'object' || typeof result.text !== 'string')) invalid(`pasted text: ${short(result)}`);
      break;
    case 'haGuide/preview':
      if (result === null) break;
      if (!result || typeof result.html !== 'string' || typeof result.title !== 'string' || typeof result.version !== 'number' || !result.diagrams || typeof result.diagrams !== 'object' || !Array.isArray(result.resources) || typeof result.pending !== 'number' || typeof result.errors !== 'number') {
        invalid(`preview result shape: ${short(result)}`);
      } else if (ctx.previewVersion !== undefined && result.version !== ctx.previewVersion) {
        invalid(`preview of version ${result.version}, the document was at version ${ctx.previewVersion} when asked`);
      }
      break;
    default:
      break;
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The fuzzer
// ---------------------------------------------------------------------------------------------

class Doc {
  constructor(uri, languageId, text, version) {
    this.uri = uri;
    this.languageId = languageId;
    this.text = text;
    this.version = version;
    /** version -> text, the recent ones (published diagnostics are checked against the version they name). */
    this.history = new Map([[version, text]]);
    /** The last actions on this document, for a failure's report. */
    this.trail = [];
    this.published = undefined;
    /** Whether a publish naming a version of this document came back since it was opened. */
    this.versionedSeen = false;
    this.maxVersion = version;
  }
  lines() {
    return linesOf(this.text);
  }
  setText(text, version) {
    this.text = text;
    this.version = version;
    this.maxVersion = version;
    this.history.set(version, text);
    if (this.history.size > 40) this.history.delete(this.history.keys().next().value);
  }
  remember(action) {
    this.trail.push(action);
    if (this.trail.length > 25) this.trail.shift();
  }
}

class Fuzzer {
  constructor(opts) {
    this.opts = opts;
    this.r = makeRandom(String(opts.seed));
    this.gen = makeText(this.r);
    this.corpus = loadCorpus(opts.corpus);
    this.out = opts.out ?? path.join(os.tmpdir(), `ha-guide-fuzz-${String(opts.seed).replace(/[^\w.-]/g, '_')}`);
    this.counts = { documents: 0, edits: 0, requests: 0, crashes: 0, protocol: 0, range: 0, hangs: 0 };
    this.stats = { diagnostics: 0, diagnosticsStale: 0, malformed: 0, malformedAccepted: 0, refused: 0, cancelled: 0, restarts: 0, byMethod: {} };
    this.failures = [];
    this.signatures = new Map();
    this.open = new Map();
    this.closed = new Map();
    this.version = 0;
    this.untitled = 0;
    this.inFlight = new Set();
    this.sent = [];
    this.srv = undefined;
    this.current = undefined;
    this.t0 = Date.now();
    this.step = 0;
  }

  // --- failures ------------------------------------------------------------------------------

  fail(kind, info, doc) {
    this.counts[kind === 'crash' ? 'crashes' : kind === 'hang' ? 'hangs' : kind]++;
    const signature = `${kind} ${info.method ?? ''} ${String(info.problem).replace(/\d+/g, 'N').slice(0, 120)}`;
    const seen = this.signatures.get(signature) ?? 0;
    this.signatures.set(signature, seen + 1);
    if (seen >= 3 || this.failures.length >= 60) return;
    const n = this.failures.length + 1;
    const record = { n, kind, step: this.step, ...info };
    // What else the server had open (a slow document holds up the answers about the others).
    record.open = [...this.open.values()].map((d) => `${d.uri} v${d.version}: ${d.text.length} chars, ${d.lines().count} lines, ${(d.text.match(/:ref:`/g) ?? []).length} :ref:`);
    if (doc) {
      record.uri = doc.uri;
      record.languageId = doc.languageId;
      record.version = info.version ?? doc.version;
      record.trail = doc.trail.slice(-12);
    }
    const text = doc ? (doc.history.get(record.version) ?? doc.text) : undefined;
    try {
      fs.mkdirSync(this.out, { recursive: true });
      record.file = path.join(this.out, `failure-${n}.json`);
      fs.writeFileSync(record.file, JSON.stringify({ ...record, text }, null, 1));
    } catch {
      record.file = undefined;
    }
    this.failures.push(record);
    console.log(`fuzz: FAILURE ${n} (${kind}) ${info.method ?? ''}: ${info.problem}${record.file ? ` [${record.file}]` : ''}`);
  }

  // --- server events -------------------------------------------------------------------------

  events() {
    return {
      exit: (srv, code, signal) => {
        if (srv.stopping) return;
        const last = this.current;
        this.fail('crash', { problem: `the server exited (code ${code}, signal ${signal})`, stderr: srv.stderr.slice(-2000), lastSent: this.sent.slice(-8) }, last);
      },
      rpcError: (srv, message) => {
        if (srv.stopping || srv.exited) return;
        this.fail('protocol', { problem: message }, this.current);
      },
      log: (srv, p) => {
        if (p?.level === 'error') this.fail('protocol', { problem: `the server logged an error: ${String(p.message).slice(0, 1500)}`, lastSent: this.sent.slice(-5) }, this.current);
      },
      diagnostics: (srv, p) => this.onDiagnostics(p),
      notification: (srv, method) => {
        if (!['$/progress', 'window/logMessage', 'window/showMessage', 'telemetry/event', '$/logTrace'].includes(method)) this.stats.byMethod[`notification ${method}`] = (this.stats.byMethod[`notification ${method}`] ?? 0) + 1;
      },
      serverRequest: (srv, method, params) => {
        this.fail('protocol', { method, problem: `unexpected request from the server: ${method} ${short(params)}` });
      },
    };
  }

  textsFor(snapshot) {
    return (uri) => {
      if (snapshot.has(uri)) return [snapshot.get(uri)];
      const out = [];
      const closed = this.closed.get(uri);
      if (closed !== undefined) out.push(closed);
      const disk = diskText(uri);
      if (disk !== undefined) out.push(disk);
      return out;
    };
  }

  onDiagnostics(p) {
    this.stats.diagnostics++;
    if (!p || typeof p.uri !== 'string' || !Array.isArray(p.diagnostics)) {
      this.fail('protocol', { method: 'textDocument/publishDiagnostics', problem: `malformed publishDiagnostics: ${short(p)}` });
      return;
    }
    const doc = this.open.get(p.uri) ?? this.closed.get(`doc ${p.uri}`);
    let texts;
    if (doc && typeof p.version === 'number') {
      const text = doc.history.get(p.version);
      if (text === undefined) {
        if (p.version > doc.maxVersion) this.fail('protocol', { method: 'textDocument/publishDiagnostics', problem: `diagnostics for version ${p.version}, never sent (latest ${doc.maxVersion})`, version: doc.version }, doc);
        this.stats.diagnosticsStale++;
        return;
      }
      texts = () => [text];
      doc.versionedSeen = true;
      if (p.version === doc.version) doc.published = { version: p.version, diagnostics: p.diagnostics };
    } else if (doc && this.open.has(p.uri) && doc.versionedSeen) {
      if (p.diagnostics.length) this.fail('protocol', { method: 'textDocument/publishDiagnostics', problem: `diagnostics without a version for an open document: ${short(p.diagnostics[0])}` }, doc);
      return;
    } else {
      // A closed file's problems (project scope), or ones sent for the file while it was closed that crossed
      // the didOpen on the wire (no versioned publish of it has come back since): measured on disk or as closed.
      texts = this.textsFor(new Map());
    }
    const problems = [];
    p.diagnostics.forEach((d, i) => {
      const what = `diagnostic ${i} (${short(d?.code, 60)}: ${short(d?.message, 80)})`;
      if (!d || typeof d.message !== 'string' || !d.message) problems.push({ kind: 'protocol', problem: `${what} has no message` });
      if (d?.severity !== undefined && ![1, 2, 3, 4].includes(d.severity)) problems.push({ kind: 'protocol', problem: `${what} severity ${d.severity}` });
      for (const x of checkAnswer('textDocument/documentHighlight', { textDocument: { uri: p.uri } }, [{ range: d?.range }], { texts })) problems.push({ ...x, problem: `${what}: ${x.problem}` });
      (Array.isArray(d?.relatedInformation) ? d.relatedInformation : []).forEach((ri, j) => {
        // A related location in another document is where the check saw it: that document's text as the server
        // had indexed it then, which may be any of its recent versions (typing runs ahead of its own checks).
        // (It may have been closed since: the versions it had while open count too.)
        const t = ri?.location?.uri === p.uri ? texts : (u) => [...(this.open.get(u)?.history.values() ?? []), ...(this.closed.get(`doc ${u}`)?.history.values() ?? []), ...this.textsFor(new Map())(u)];
        for (const x of checkAnswer('textDocument/definition', { textDocument: { uri: p.uri } }, [ri?.location], { texts: t })) problems.push({ ...x, problem: `${what} related ${j}: ${x.problem}` });
      });
    });
    for (const x of problems.slice(0, 3)) this.fail(x.kind, { method: 'textDocument/publishDiagnostics', problem: x.problem, version: p.version }, doc);
  }

  // --- sending -------------------------------------------------------------------------------

  note(doc, action) {
    doc?.remember(action);
    this.sent.push(action);
    if (this.sent.length > 20) this.sent.shift();
    if (this.opts.verbose) console.log(short(action, 400));
  }

  notify(method, params) {
    if (this.srv.exited) return;
    this.srv.conn.sendNotification(method, params).catch(() => undefined);
  }

  /**
   * Sends a request and checks its answer when it comes. `malformed`: parameters of the wrong types, for
   * which InvalidParams is the right answer. `texts`: the only texts its ranges may be measured in.
   */
  request(method, params, doc, { malformed = false, cancel = false, texts: onlyTexts } = {}) {
    const srv = this.srv;
    this.counts.requests++;
    this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;
    const snapshot = new Map([...this.open].map(([u, d]) => [u, d.text]));
    const version = doc?.version;
    const previewVersion = method === 'haGuide/preview' && params?.uri && this.open.has(params.uri) ? this.open.get(params.uri).version : method === 'haGuide/preview' && typeof params?.text === 'string' ? -1 : undefined;
    const action = { request: method, uri: doc?.uri, version, params: short(params, 600), malformed: malformed || undefined };
    this.note(doc, action);
    const cts = cancel ? new rpc.CancellationTokenSource() : undefined;
    let timer;
    const entry = {};
    const answered = new Promise((resolve) => {
      timer = setTimeout(() => {
        if (srv.stopping || srv.exited || srv.hung) return resolve();
        this.fail('hang', { method, problem: `no answer to ${method} within ${this.opts.hangSeconds} s`, params: short(params, 2000), version }, doc);
        srv.hung = true;
        resolve();
      }, this.opts.hangSeconds * 1000);
      (cts ? srv.conn.sendRequest(method, params, cts.token) : srv.conn.sendRequest(method, params)).then(
        (result) => {
          if (srv.stopping || srv.hung) return;
          if (malformed) this.stats.malformedAccepted++;
          const texts = onlyTexts ?? this.textsFor(snapshot);
          for (const x of checkAnswer(method, params, result, { texts, previewVersion }).slice(0, 3)) {
            this.fail(x.kind, { method, problem: x.problem, params: short(params, 2000), answer: short(result, 3000), version }, doc);
          }
        },
        (e) => {
          if (srv.stopping || srv.exited || srv.hung) return;
          const code = e?.code;
          const ok =
            code === ErrorCode.RequestCancelled ||
            code === ErrorCode.ContentModified ||
            (code === ErrorCode.InvalidParams && malformed) ||
            (code === ErrorCode.RequestFailed && (method === 'textDocument/rename' || method === 'textDocument/prepareRename'));
          if (code === ErrorCode.RequestFailed) this.stats.refused++;
          if (code === ErrorCode.RequestCancelled) this.stats.cancelled++;
          if (!ok) this.fail('protocol', { method, problem: `error answer ${code}: ${String(e?.message).slice(0, 1500)}`, params: short(params, 2000), version }, doc);
        },
      ).finally(() => {
        clearTimeout(timer);
        resolve();
      });
      if (cts) setImmediate(() => cts.cancel());
    });
    entry.promise = answered;
    this.inFlight.add(entry);
    answered.then(() => this.inFlight.delete(entry));
    return answered;
  }

  async drain() {
    while (this.inFlight.size) await Promise.all([...this.inFlight].map((e) => e.promise));
  }

  // --- documents -----------------------------------------------------------------------------

  openDocument() {
    const r = this.r;
    const c = this.corpus;
    const kind = r.weighted([
      [12, 'seed'],
      [70, 'rst'],
      [c.dot.length ? 8 : 0, 'dot'],
      [c.py.length ? 2 : 0, 'py'],
      [5, 'untitled'],
      [3, 'new'],
    ]);
    let uri;
    let languageId = 'restructuredtext';
    let text;
    if (kind === 'untitled' || kind === 'new') {
      this.untitled++;
      uri = kind === 'untitled' ? `untitled:Untitled-${this.untitled}` : pathToFileURL(path.join(c.workspace, `fuzz-new-${this.untitled}.rst`)).href;
      text = this.gen.document();
    } else {
      const file = kind === 'seed' ? r.pick(c.seeds) : kind === 'dot' ? r.pick(c.dot) : kind === 'py' ? r.pick(c.py) : r.pick(c.rst);
      uri = pathToFileURL(file).href;
      languageId = kind === 'dot' ? 'dot' : kind === 'py' ? 'python' : 'restructuredtext';
      text = fs.readFileSync(file, 'utf8');
    }
    if (this.open.has(uri)) return this.open.get(uri);
    const doc = new Doc(uri, languageId, text, ++this.version);
    this.open.set(uri, doc);
    this.closed.delete(uri);
    this.closed.delete(`doc ${uri}`);
    this.counts.documents++;
    this.note(doc, { open: uri, languageId, version: doc.version, length: text.length });
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: doc.version, text } });
    return doc;
  }

  closeDocument(doc) {
    this.open.delete(doc.uri);
    this.closed.set(doc.uri, doc.text);
    this.closed.set(`doc ${doc.uri}`, doc);
    if (this.closed.size > 40) {
      for (const k of [...this.closed.keys()].slice(0, 2)) this.closed.delete(k);
    }
    this.note(doc, { close: doc.uri });
    this.notify('textDocument/didClose', { textDocument: { uri: doc.uri } });
  }

  // --- edits ---------------------------------------------------------------------------------

  /** One random change on `text`: `{ start, end, text }` in offsets (start..end replaced). */
  makeChange(text) {
    const r = this.r;
    const g = this.gen;
    const lines = linesOf(text);
    const n = text.length;
    const at = () => snap(text, r.int(n + 1));
    const lineStart = () => lines.starts[r.int(lines.count)];
    const lineBreak = () => r.weighted([[8, '\n'], [1, '\r\n'], [1, '\r']]);
    const big = n > 1_500_000;
    const kind = big
      ? 'shrink'
      : r.weighted([
          [25, 'insert'],
          [18, 'delete'],
          [6, 'replace'],
          [5, 'duplicateLines'],
          [4, 'deleteLines'],
          [14, 'fragment'],
          [5, 'crlf'],
          [3, 'surrogate'],
          [3, 'control'],
          [3, 'indent'],
          [0.6, 'hugeLine'],
          [0.4, 'whole'],
        ]);
    switch (kind) {
      case 'shrink': {
        let longest = 0;
        for (let i = 1; i < lines.count; i++) if (lines.ends[i] - lines.starts[i] > lines.ends[longest] - lines.starts[longest]) longest = i;
        if (lines.ends[longest] - lines.starts[longest] > 10_000) return { kind, start: lines.starts[longest], end: longest + 1 < lines.count ? lines.starts[longest + 1] : n, text: '' };
        const start = snap(text, r.int(n >> 1));
        return { kind, start, end: snap(text, start + (n >> 1)), text: '' };
      }
      case 'insert': {
        const s = at();
        const piece = r.weighted([
          [5, () => g.word()],
          [3, () => r.pick(['`', '``', '*', '**', '_', '|', ':', '::', '<', '>', '[', ']', '..', ' ', '\t', '-', '=', '#', '\\', '"', "'", '{', '}', ';', '->', '<<', '>>'])],
          [2, () => lineBreak()],
          [1, () => g.inline()],
          [1, () => String.fromCharCode(...Array.from({ length: r.range(1, 20) }, () => r.range(32, 126)))],
        ])();
        return { kind, start: s, end: s, text: piece };
      }
      case 'delete': {
        const s = at();
        return { kind, start: s, end: snap(text, s + r.weighted([[6, 1], [3, r.range(2, 20)], [1, r.range(20, 400)]])), text: '' };
      }
      case 'replace': {
        const s = at();
        return { kind, start: s, end: snap(text, s + r.range(1, 30)), text: r.chance(0.5) ? g.word() : g.inline() };
      }
      case 'duplicateLines': {
        const first = r.int(lines.count);
        const last = Math.min(lines.count - 1, first + r.range(0, 6));
        const end = last + 1 < lines.count ? lines.starts[last + 1] : n;
        const chunk = text.slice(lines.starts[first], end);
        return { kind, start: end, end, text: end === n && chunk && !/[\r\n]$/.test(text) ? `\n${chunk}` : chunk };
      }
      case 'deleteLines': {
        const first = r.int(lines.count);
        const last = Math.min(lines.count - 1, first + r.range(0, 8));
        return { kind, start: lines.starts[first], end: last + 1 < lines.count ? lines.starts[last + 1] : n, text: '' };
      }
      case 'fragment': {
        const s = r.chance(0.8) ? lineStart() : at();
        let f = g.fragment();
        const ind = r.weighted([[6, 0], [2, 3], [1, r.range(1, 12)]]);
        if (ind) f = f.split('\n').map((l) => ' '.repeat(ind) + l).join('\n');
        const nl = lineBreak();
        return { kind, start: s, end: s, text: r.chance(0.8) ? `${nl}${f}${nl}${nl}` : f };
      }
      case 'crlf': {
        const mode = r.int(5);
        if (mode === 0) {
          // a \r before a \n that has none: the two become one line break
          const from = r.int(n + 1);
          let i = text.indexOf('\n', from);
          if (i < 0) i = text.indexOf('\n');
          while (i > 0 && text.charCodeAt(i - 1) === 13) i = text.indexOf('\n', i + 1);
          if (i >= 0) return { kind: 'crlf-cr-before-lf', start: i, end: i, text: '\r' };
        } else if (mode === 1) {
          // a \n after a lone \r
          let i = text.indexOf('\r', r.int(n + 1));
          if (i < 0) i = text.indexOf('\r');
          while (i >= 0 && text.charCodeAt(i + 1) === 10) i = text.indexOf('\r', i + 1);
          if (i >= 0) return { kind: 'crlf-lf-after-cr', start: i + 1, end: i + 1, text: '\n' };
        } else if (mode === 2) {
          // text that ends in \r right before a \n, or starts with \n right after a \r
          const i = text.indexOf('\n', r.int(n + 1));
          if (i >= 0) {
            const s = snap(text, i);
            return { kind: 'crlf-piece', start: s, end: s, text: `${g.word()}\r` };
          }
        } else if (mode === 3) {
          // a line break replaced by another kind
          const i = text.indexOf('\n', r.int(n + 1));
          if (i >= 0) {
            const s = i > 0 && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
            return { kind: 'crlf-convert', start: s, end: i + 1, text: r.pick(['\r', '\r\n', '\n', '\n\r', '\r\r']) };
          }
        }
        const s = at();
        return { kind: 'crlf-insert', start: s, end: s, text: r.pick(['\r', '\r\n', '\n\r', '\r\r\n', `\r${g.word()}\n`]) };
      }
      case 'surrogate': {
        const i = text.search(/[\ud800-\udbff][\udc00-\udfff]/);
        if (i >= 0 && r.chance(0.4)) return r.chance(0.5) ? { kind: 'surrogate-split', start: i + 1, end: i + 1, text: r.pick(['x', '\ud800', '\n']) } : { kind: 'surrogate-half', start: i, end: i + 1, text: '' };
        const s = at();
        return { kind, start: s, end: s, text: r.pick(['\ud800', '\udfff', '\udbff\udbff', '\udc00x', 'a\ud83d', '😀', '\ud800\n']) };
      }
      case 'control': {
        const s = at();
        const chars = ['\u0000', '\u0001', '\u0007', '\b', '\t', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff', '\u200b', '\u202e', '\u00a0', '\u3000'];
        return { kind, start: s, end: s, text: Array.from({ length: r.range(1, 3) }, () => r.pick(chars)).join('') };
      }
      case 'indent': {
        const s = lineStart();
        const depth = r.range(10, 300);
        const style = r.int(5);
        let t;
        if (style === 0) t = ' '.repeat(depth) + g.word();
        else if (style === 1) t = Array.from({ length: Math.min(depth, 120) }, (_, i) => `${'  '.repeat(i)}- ${g.word()}\n`).join('\n');
        else if (style === 2) t = Array.from({ length: Math.min(depth, 120) }, (_, i) => `${' '.repeat(i)}${g.word()}\n`).join('\n');
        else if (style === 3) t = Array.from({ length: Math.min(depth, 60) }, (_, i) => `${'   '.repeat(i)}.. note::\n`).join('\n');
        else t = '\t'.repeat(Math.min(depth, 80)) + g.inline();
        return { kind, start: s, end: s, text: `${t}\n` };
      }
      case 'hugeLine': {
        const s = lineStart();
        const unit = r.pick(['a', '`', '*', '=', '_', '|', ' x', ':ref:`a` ', '|a| ', '``x`` ', '[#]_ ', '\\', '-', '.. ', 'ü', '😀', '<', '`a <b>`_ ']);
        return { kind, start: s, end: s, text: `${unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000)}\n` };
      }
      case 'whole':
      default:
        return { kind: 'whole', start: 0, end: n, text: r.chance(0.3) ? '' : g.document() };
    }
  }

  edit(doc) {
    const r = this.r;
    const changes = [];
    const summary = [];
    let text = doc.text;
    const count = r.weighted([[9, 1], [1, r.range(2, 4)]]);
    const full = r.chance(0.01);
    for (let i = 0; i < count; i++) {
      const c = this.makeChange(text);
      const lines = linesOf(text);
      const start = positionAt(lines, c.start);
      const end = positionAt(lines, c.end);
      changes.push({ range: { start, end }, text: c.text });
      summary.push({ kind: c.kind, range: `${start.line}:${start.character}-${end.line}:${end.character}`, text: short(c.text, 200) });
      text = text.slice(0, c.start) + c.text + text.slice(c.end);
    }
    const version = ++this.version;
    doc.setText(text, version);
    this.counts.edits++;
    this.note(doc, { change: doc.uri, version, changes: full ? 'whole text' : summary });
    this.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version }, contentChanges: full ? [{ text }] : changes });
  }

  // --- requests ------------------------------------------------------------------------------

  position(doc) {
    const r = this.r;
    const text = doc.text;
    const lines = doc.lines();
    const x = r.next();
    if (x < 0.72) {
      let off = r.int(text.length + 1);
      if (r.chance(0.5)) {
        const m = text.slice(off, off + 200).search(/[`:_|<>[\]=.\-]/);
        if (m >= 0) off += m + r.int(3);
      }
      return positionAt(lines, snap(text, off));
    }
    if (x < 0.8) return positionAt(lines, text.length);
    if (x < 0.9) {
      const line = r.int(lines.count);
      return { line, character: lines.ends[line] - lines.starts[line] + r.range(1, 60) };
    }
    if (x < 0.96) return { line: lines.count + r.int(20), character: r.int(10) };
    return { line: r.pick([2 ** 31 - 1, 1e9, lines.count]), character: r.pick([2 ** 31 - 1, 0, 1e9]) };
  }

  rangeIn(doc) {
    const a = this.position(doc);
    const b = this.r.chance(0.5) ? a : this.position(doc);
    return before(b, a) ? { start: b, end: a } : { start: a, end: b };
  }

  /** The requests the server advertises, with how to make their parameters. */
  features() {
    const caps = this.srv.capabilities;
    const f = [];
    const has = (k) => caps[k] !== undefined && caps[k] !== false && caps[k] !== null;
    const td = (doc) => ({ textDocument: { uri: doc.uri } });
    const at = (doc) => ({ ...td(doc), position: this.position(doc) });
    const r = this.r;
    if (has('hoverProvider')) f.push([10, 'textDocument/hover', at]);
    if (has('definitionProvider')) f.push([8, 'textDocument/definition', at]);
    if (has('typeDefinitionProvider')) f.push([2, 'textDocument/typeDefinition', at]);
    if (has('declarationProvider')) f.push([2, 'textDocument/declaration', at]);
    if (has('implementationProvider')) f.push([2, 'textDocument/implementation', at]);
    if (has('referencesProvider')) f.push([6, 'textDocument/references', (d) => ({ ...at(d), context: { includeDeclaration: r.chance(0.5) } })]);
    if (has('documentHighlightProvider')) f.push([5, 'textDocument/documentHighlight', at]);
    if (has('completionProvider')) {
      const triggers = caps.completionProvider?.triggerCharacters ?? [];
      f.push([14, 'textDocument/completion', (d) => ({ ...at(d), context: triggers.length && r.chance(0.5) ? { triggerKind: 2, triggerCharacter: r.pick(triggers) } : { triggerKind: 1 } })]);
    }
    if (has('documentSymbolProvider')) f.push([5, 'textDocument/documentSymbol', td]);
    if (has('foldingRangeProvider')) f.push([4, 'textDocument/foldingRange', td]);
    if (has('selectionRangeProvider')) f.push([5, 'textDocument/selectionRange', (d) => ({ ...td(d), positions: Array.from({ length: r.range(1, 3) }, () => this.position(d)) })]);
    if (has('documentLinkProvider')) f.push([4, 'textDocument/documentLink', td]);
    if (has('codeActionProvider')) {
      f.push([7, 'textDocument/codeAction', (d) => ({ ...td(d), range: this.rangeIn(d), context: { diagnostics: this.diagnosticsOf(d), triggerKind: r.pick([1, 2]) } })]);
      // The Source Action menu and editor.codeActionsOnSave: Organize hyperlink targets on the whole document.
      f.push([2, 'textDocument/codeAction', (d) => ({ ...td(d), range: this.rangeIn(d), context: { diagnostics: [], only: [r.pick(['source', 'source.organizeLinkDefinitions', 'quickfix', ''])], triggerKind: 1 } })]);
    }
    if (has('renameProvider')) {
      const newName = () => r.pick(['new-name', 'x', '', ' ', 'a b', 'ünï', '`x`', 'a\nb', '_', 'name_', ':ref:', 'A'.repeat(300), '中文', '\ud800', '.. _x:']);
      f.push([4, 'textDocument/rename', (d) => ({ ...at(d), newName: newName() })]);
      if (caps.renameProvider?.prepareProvider) f.push([5, 'textDocument/prepareRename', at]);
    }
    if (has('workspaceSymbolProvider')) f.push([3, 'workspace/symbol', (d) => ({ query: r.pick(['', 'a', 'ha', 'node', 'Install', 'x y', '*', '.*', '\\', '中', d.text.slice(r.int(d.text.length), r.int(d.text.length) + 6)]) })]);
    // Find File References: a document, an image or folder of the workspace, or a name nothing has.
    f.push([1, 'haGuide/fileReferences', (d) => ({ uri: r.pick([d.uri, d.uri.replace(/[^/]*$/, ''), d.uri.replace(/[^/]*$/, 'img.png'), 'file:///nowhere/x.rst', 'untitled:x', '']) })]);
    // A paste from one document into another (or the same, or an untitled buffer): the text with its paths written anew.
    f.push([1, 'haGuide/pastedText', (d) => ({ fromUri: d.uri, toUri: r.pick([d.uri, d.uri.replace(/[^/]*$/, 'sub/x.rst'), d.uri.replace(/[^/]*\/[^/]*$/, 'y.rst'), 'untitled:x', '', 'file:///']), text: r.chance(0.5) ? d.text.slice(r.int(d.text.length)) : this.gen.document() })]);
    f.push([
      1.5,
      'haGuide/preview',
      (d) => (r.chance(0.8) ? { uri: d.uri, waitMs: r.pick([undefined, 0, 50, 200]) } : { uri: `untitled:Preview-${r.int(5)}`, text: this.gen.document(), waitMs: r.pick([0, 100]) }),
    ]);
    return f;
  }

  /** The diagnostics of the document's version as last published (what an editor sends with a code action). */
  diagnosticsOf(doc) {
    const p = doc.published;
    return p && p.version === doc.version ? p.diagnostics : [];
  }

  randomRequest(doc) {
    const [, method, make] = this.r.weighted(this.featureList.map((x) => [x[0], x]));
    const params = make(doc);
    return this.request(method, params, doc, { cancel: this.r.chance(0.03) });
  }

  /** A request with parameters of the wrong types: InvalidParams, or an answer that is still valid. */
  malformedRequest(doc) {
    const r = this.r;
    this.stats.malformed++;
    const [, method, make] = r.pick(this.featureList);
    const p = JSON.parse(JSON.stringify(make(doc)));
    // One field of the parameters (or the parameters themselves) gets a value of the wrong type.
    const paths = [[]];
    const walk = (x, at) => {
      if (!x || typeof x !== 'object' || at.length > 3) return;
      for (const k of Object.keys(x)) {
        if (k === 'diagnostics' || k === 'text') continue;
        paths.push([...at, k]);
        walk(x[k], [...at, k]);
      }
    };
    walk(p, []);
    const where = r.chance(0.1) ? [] : r.pick(paths.slice(1).length ? paths.slice(1) : paths);
    const wrong = r.pick([undefined, null, 'x', '1', 42, -1, 1.5, true, [], [0, 0], {}, { uri: 5 }, NaN]);
    let params;
    if (!where.length) params = r.pick([undefined, null, 'x', 42, []]);
    else {
      params = p;
      let o = params;
      for (const k of where.slice(0, -1)) o = o[k];
      if (wrong === undefined) delete o[where[where.length - 1]];
      else o[where[where.length - 1]] = wrong;
    }
    this.note(doc, { malformedField: where.join('.') || '(params)' });
    return this.request(method, params, doc, { malformed: true });
  }

  watchedFiles() {
    const r = this.r;
    const c = this.corpus;
    const file = (f) => pathToFileURL(f).href;
    const odd = () =>
      r.pick([
        '',
        'not a uri',
        'file://',
        'file:///%',
        'file:///%E0%A4%A',
        'file:///tmp/%00x.rst',
        'untitled:Untitled-1',
        'http://example.invalid/x.rst',
        `file:///${'a/'.repeat(2000)}x.rst`,
        `${file(c.workspace)}/../../../../etc/passwd`,
        'file:///C:/x.rst',
        'file:////server/share/x.rst',
        'file:///tmp/a b.rst',
        'file:///tmp/\ud800.rst',
        `${file(c.workspace)}/missing-dir/`,
        `${file(c.workspace)}/fuzz-new-1.rst`,
        file(path.join(c.workspace, 'conf.py')),
        'file:///nonexistent/conf.py',
        'file:///nonexistent/pyproject.toml',
      ]);
    const real = () => file(r.pick([...c.rst, ...c.rst, ...c.dot, ...c.py, ...c.seeds]));
    const dir = () => file(path.dirname(r.pick(c.rst)));
    if (r.chance(0.3)) {
      const params = r.pick([null, {}, { changes: 'x' }, { changes: [null, 5, 'x'] }, { changes: [{ uri: 1, type: 1 }] }, { changes: [{ uri: real() }] }, { changes: [{ uri: real(), type: '2' }] }, []]);
      this.note(this.current, { notify: 'workspace/didChangeWatchedFiles', params: short(params), malformed: true });
      this.notify('workspace/didChangeWatchedFiles', params);
      return;
    }
    const changes = Array.from({ length: r.range(1, 4) }, () => ({
      uri: r.weighted([[4, odd], [4, real], [1, dir]])(),
      type: r.weighted([[6, r.range(1, 3)], [1, r.pick([0, 4, 99, -1, 2.5])]]),
    }));
    this.note(this.current, { notify: 'workspace/didChangeWatchedFiles', params: short({ changes }) });
    this.notify('workspace/didChangeWatchedFiles', { changes });
  }

  /** Waits (a little) for the document's diagnostics of its current version, which are then checked. */
  async settle(doc) {
    const end = Date.now() + 3000;
    while (Date.now() < end && !this.srv.exited && doc.published?.version !== doc.version) await new Promise((r) => setTimeout(r, 25));
  }

  // --- the loop ------------------------------------------------------------------------------

  async restart(why) {
    if (this.srv) killServer(this.srv);
    this.stats.restarts++;
    // A server that fails again at once, with fresh documents, five times in a row: no use going on.
    this.quickRestarts = this.step - (this.restartStep ?? -Infinity) < 20 ? (this.quickRestarts ?? 0) + 1 : 0;
    this.restartStep = this.step;
    if (this.quickRestarts >= 5) throw new Error(`the server failed again within 20 steps of a restart five times in a row (last: ${why}); giving up`);
    this.srv = await startServer(this.opts, this.corpus.workspace, this.events());
    this.featureList = this.features();
    // The new server starts with nothing open: the documents that were open may be what took the old one
    // down (they are in the failure's record), and reopening them would only report the same failure again.
    for (const d of [...this.open.values()]) {
      this.open.delete(d.uri);
      this.closed.set(d.uri, d.text);
      this.closed.set(`doc ${d.uri}`, d);
    }
  }

  async run() {
    const t0 = Date.now();
    this.t0 = t0;
    this.step = 0;
    const deadline = t0 + this.opts.seconds * 1000;
    this.srv = await startServer(this.opts, this.corpus.workspace, this.events());
    this.featureList = this.features();
    let nextReport = t0 + (this.opts.seconds > 300 ? 60_000 : 10_000);
    let step = 0;
    const r = this.r;
    while (Date.now() < deadline && step < this.opts.steps) {
      this.step = ++step;
      if (this.srv.exited || this.srv.hung) {
        killServer(this.srv); // the requests still waiting are dropped with it
        await this.drain();
        await this.restart(this.srv.hung ? 'hang' : 'crash');
      }
      if (!this.open.size || r.chance(1 / 120)) {
        if (this.open.size >= 3) this.closeDocument(r.pick([...this.open.values()]));
        this.openDocument();
      }
      const doc = r.pick([...this.open.values()]);
      this.current = doc;
      const action = r.weighted([
        [42, 'edit'],
        [50, 'request'],
        [2, 'malformed'],
        [1, 'watched'],
        [2.5, 'settle'],
        [0.5, 'close'],
      ]);
      if (action === 'edit') this.edit(doc);
      else if (action === 'request' || action === 'malformed') {
        const p = action === 'request' ? this.randomRequest(doc) : this.malformedRequest(doc);
        // Mostly one request at a time; sometimes a few in flight while the typing goes on.
        if (this.inFlight.size >= 4 || r.chance(0.7)) await p;
      } else if (action === 'watched') this.watchedFiles();
      else if (action === 'settle') {
        await this.drain();
        await this.settle(doc);
      } else if (action === 'close' && this.open.size > 1) this.closeDocument(doc);
      if (step % 64 === 0) await new Promise((res) => setImmediate(res));
      if (Date.now() >= nextReport) {
        nextReport += this.opts.seconds > 300 ? 60_000 : 10_000;
        console.log(`fuzz progress: ${((Date.now() - t0) / 60000).toFixed(1)} min, ${this.line()}`);
      }
    }
    await this.drain();
    if (!this.srv.exited && !this.srv.hung) {
      // The last edits' diagnostics, then a clean shutdown.
      for (const d of this.open.values()) await this.settle(d);
      // Everything closed, nothing typed since: the workspace is the files on disk again, and a symbol measured
      // in a closed buffer (or in one of its versions) would be measured in a text that exists nowhere.
      for (const d of [...this.open.values()]) this.closeDocument(d);
      if (!this.srv.exited) await this.request('workspace/symbol', { query: '' }, undefined, { texts: (u) => [diskText(u)].filter((t) => t !== undefined) });
      await stopServer(this.srv);
    } else killServer(this.srv);
  }

  line() {
    const c = this.counts;
    return `${c.documents} documents, ${c.edits} edits, ${c.requests} requests, ${c.crashes} crashes, ${c.protocol} protocol errors, ${c.range} out-of-range results, ${c.hangs} hangs`;
  }

  report() {
    const s = this.stats;
    const methods = Object.entries(s.byMethod)
      .sort((a, b) => b[1] - a[1])
      .map(([m, n]) => `${m} ${n}`)
      .join(', ');
    console.log(`fuzz: ${this.step} steps; ${s.diagnostics} diagnostics publishes checked (${s.diagnosticsStale} for versions no longer kept); ${s.malformed} malformed requests (${s.malformedAccepted} answered anyway); ${s.refused} renames refused; ${s.cancelled} cancelled; ${s.restarts} server restarts`);
    console.log(`fuzz: requests by method: ${methods}`);
    const failed = this.counts.crashes + this.counts.protocol + this.counts.range + this.counts.hangs;
    if (failed) {
      console.log(`fuzz: ${this.signatures.size} distinct failures; the first ones (details and document text in ${this.out}):`);
      const shown = new Set();
      for (const f of this.failures) {
        const sig = `${f.kind} ${f.method} ${String(f.problem).replace(/\d+/g, 'N').slice(0, 120)}`;
        if (shown.has(sig)) continue;
        shown.add(sig);
        if (shown.size > 8) break;
        console.log(`  ${f.n}. ${f.kind}: ${f.method ?? ''} ${f.problem}`);
        if (f.uri) console.log(`     document ${f.uri} (${f.languageId}) version ${f.version}, step ${f.step}`);
        if (f.kind === 'hang' || f.kind === 'crash') console.log(`     open: ${f.open.join('; ')}`);
        if (f.params) console.log(`     params ${f.params.slice(0, 400)}`);
        if (f.answer) console.log(`     answer ${f.answer.slice(0, 400)}`);
        if (f.stderr) console.log(`     stderr ${f.stderr.slice(-800)}`);
        if (f.file) console.log(`     ${f.file}`);
      }
    }
    console.log(`fuzz: ${this.line()} (seed ${this.opts.seed}, ${((Date.now() - this.t0) / 60000).toFixed(1)} min)`);
    return failed ? 1 : 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Replaying a failure (and shrinking its document)
// ---------------------------------------------------------------------------------------------

async function replay(opts) {
  const failure = JSON.parse(fs.readFileSync(opts.replay, 'utf8'));
  if (typeof failure.text !== 'string' || !failure.uri) usage(`${opts.replay} has no document text`);
  const corpus = loadCorpus(opts.corpus);
  const logged = [];
  const published = [];
  const events = {
    exit: (srv, code, signal) => !srv.stopping && logged.push(`the server exited (code ${code}, signal ${signal}): ${srv.stderr.slice(-1500)}`),
    rpcError: (srv, m) => logged.push(m),
    log: (srv, p) => p?.level === 'error' && logged.push(`logged: ${p.message}`),
    diagnostics: (srv, p) => published.push(p),
    notification: () => undefined,
    serverRequest: () => undefined,
  };
  let srv = await startServer(opts, corpus.workspace, events);
  let version = 1;
  const method = failure.method;
  const params = failure.params ? JSON.parse(failure.params) : undefined;
  /** The problems of one try with `text` (the request of the failure, or the document's diagnostics). */
  const attempt = async (text) => {
    if (srv.exited) srv = await startServer(opts, corpus.workspace, events);
    logged.length = 0;
    const uri = failure.uri;
    version++;
    await srv.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: failure.languageId, version, text } });
    const texts = (u) => (u === uri ? [text] : [diskText(u)].filter((t) => t !== undefined));
    let problems = [];
    let answer;
    const t0 = Date.now();
    if (method && method !== 'textDocument/publishDiagnostics' && params) {
      const p = { ...params };
      if (p.textDocument) p.textDocument = { uri };
      try {
        answer = await Promise.race([srv.conn.sendRequest(method, p), new Promise((_, rej) => setTimeout(() => rej(new Error(`no answer within ${opts.hangSeconds} s`)), opts.hangSeconds * 1000))]);
        problems = checkAnswer(method, p, answer, { texts, previewVersion: method === 'haGuide/preview' ? version : undefined }).map((x) => x.problem);
      } catch (e) {
        answer = { error: e?.code, message: e?.message };
        const allowed = e?.code === ErrorCode.RequestCancelled || e?.code === ErrorCode.ContentModified || (e?.code === ErrorCode.RequestFailed && /rename/i.test(method)) || (e?.code === ErrorCode.InvalidParams && failure.malformed);
        if (!allowed) problems = [`error ${e?.code}: ${e?.message}`];
      }
    }
    const requestMs = Date.now() - t0;
    // The document's diagnostics of this version (their ranges are checked too).
    const end = Date.now() + opts.hangSeconds * 1000;
    while (Date.now() < end && !srv.exited && !published.some((x) => x.uri === uri && x.version === version)) await new Promise((r) => setTimeout(r, 20));
    const diagnosticsMs = Date.now() - t0;
    await new Promise((r) => setTimeout(r, 300));
    const all = published.filter((x) => x.uri === uri && x.version === version);
    if (!all.length && failure.languageId !== 'python') problems.push(`no diagnostics within ${opts.hangSeconds} s`);
    for (const x of all) problems.push(...checkAnswer('textDocument/documentHighlight', { textDocument: { uri } }, x.diagnostics.map((d) => ({ range: d.range })), { texts }).map((y) => `diagnostic ${y.problem}`));
    if (!method || method === 'textDocument/publishDiagnostics') answer = all;
    if (opts.verbose) console.log(`attempt: ${text.length} chars, answer after ${requestMs} ms, diagnostics after ${diagnosticsMs} ms, ${problems.length} problems`);
    await srv.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    return { problems: [...problems, ...logged], answer, requestMs, diagnosticsMs };
  };
  const first = await attempt(failure.text);
  console.log(`replay: answer after ${first.requestMs} ms, first diagnostics after ${first.diagnosticsMs} ms`);
  console.log(`replay: ${method} on ${failure.uri} (${failure.text.length} chars)\nanswer: ${short(first.answer, 2000)}\nproblems: ${first.problems.length ? first.problems.join('\n  ') : 'none'}`);
  if (opts.minimize && first.problems.length) {
    const key = (ps) => ps.map((x) => String(x).replace(/\d+/g, 'N').slice(0, 60));
    const target = key(first.problems)[0];
    const still = async (t) => key((await attempt(t)).problems).includes(target);
    // Line-wise delta debugging: drop chunks of lines while the first problem stays.
    let lines = failure.text.split(/(?<=\n)/);
    for (let chunk = Math.max(1, lines.length >> 1); chunk >= 1; chunk = chunk === 1 ? 0 : chunk >> 1) {
      for (let i = 0; i < lines.length; ) {
        const candidate = [...lines.slice(0, i), ...lines.slice(i + chunk)];
        if (candidate.length && (await still(candidate.join('')))) lines = candidate;
        else i += chunk;
      }
    }
    const text = lines.join('');
    const last = await attempt(text);
    console.log(`minimized to ${lines.length} lines (${text.length} chars): ${JSON.stringify(text)}\nanswer: ${short(last.answer, 2000)}\nproblems: ${last.problems.join('\n  ')}`);
  }
  await stopServer(srv);
  return first.problems.length ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.server)) usage(`${opts.server} does not exist (npm run build)`);
  if (opts.replay) return replay(opts);
  const fuzzer = new Fuzzer(opts);
  console.log(`fuzz: seed ${opts.seed}, ${opts.steps < Infinity ? `${opts.steps} steps` : `${(opts.seconds / 60).toFixed(1)} min`}, corpus ${fuzzer.corpus.root} (${fuzzer.corpus.rst.length} .rst, ${fuzzer.corpus.dot.length} .dot), server ${opts.server}`);
  try {
    await fuzzer.run();
  } catch (e) {
    if (fuzzer.srv) killServer(fuzzer.srv);
    console.log(`fuzz: stopped: ${e?.stack ?? e}`);
    if (!fuzzer.counts.crashes && !fuzzer.counts.hangs) fuzzer.counts.protocol++;
  }
  return fuzzer.report();
}

export { checkAnswer, computeLines, makeRandom, positionAt };

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e?.stack ?? e);
      process.exit(2);
    },
  );
}
