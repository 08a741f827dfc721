import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToUri, toPath } from '../common/uri';
import { Worker } from 'node:worker_threads';
import type { LayoutResult } from '../dot/layout';
import { DIAGRAM_DIRECTIVE, dropPrestartedWorker } from '../graphviz/prestart';
import { GraphvizService } from '../graphviz/service';
import { defaultRoot, NodeWorkspace, repositoryRoot } from '../nodeWorkspace';
import type { CliIo } from './io';
import { hostSourceDirs, newsFileOf } from './includers';
import { readRstInputs } from './inputs';
import type { FromLintWorker, ToLintWorker } from './lintProtocol';
import { disposeLintTasks, lintReleaseNotes, runLintTask, type DocResult, type LintRecord, type LintTask } from './lintTask';
import { hasConfFolder, hostsInRepository, linksInRoots } from './projectIndex';
import { ProjectKnowledge } from '../project/project';

export const LINT_USAGE = `  lint [--format text|json] [--root DIR] [--jobs N] <file|dir>...
                                            check RST files (a directory is searched for *.rst); files
                                            the documents name are read only inside DIR (default: the
                                            repository holding the input, else the current directory);
                                            --jobs: threads checking at once (default: one per idle
                                            core but one, at least 1; 1 for small inputs)
`;

/** Below this many bytes of input, starting worker threads costs more than it saves. */
const PARALLEL_MIN_BYTES = 512 * 1024;
/** From this many documents on, a terminal shows how far the check is. */
const PROGRESS_MIN_FILES = 100;

/** The parsed options of `ha-guide lint`, or an exit code for bad usage. */
function parseArgs(args: string[], io: CliIo, usage: string): { format: 'text' | 'json'; root?: string; jobs?: number; inputs: string[] } | number {
  let format: 'text' | 'json' = 'text';
  let root: string | undefined;
  let jobs: number | undefined;
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--format' || a.startsWith('--format=')) {
      const v = a === '--format' ? args[++i] : a.slice('--format='.length);
      if (v !== 'text' && v !== 'json') {
        io.stderr.write(`ha-guide lint: --format takes text or json, not ${v === undefined ? 'nothing' : `"${v}"`}\n`);
        return 2;
      }
      format = v;
    } else if (a === '--root' || a.startsWith('--root=')) {
      const v = a === '--root' ? args[++i] : a.slice('--root='.length);
      if (!v) {
        io.stderr.write('ha-guide lint: --root takes a directory\n');
        return 2;
      }
      root = path.resolve(v);
    } else if (a === '--jobs' || a === '-j' || a.startsWith('--jobs=')) {
      const v = a.startsWith('--jobs=') ? a.slice('--jobs='.length) : args[++i];
      const n = v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN;
      if (!Number.isSafeInteger(n) || n < 1) {
        io.stderr.write(`ha-guide lint: --jobs takes a whole number of at least 1, not ${v === undefined ? 'nothing' : `"${v}"`}\n`);
        return 2;
      }
      jobs = n;
    } else if (a.startsWith('-') && a !== '-') {
      io.stderr.write(`ha-guide lint: unknown option ${a}\n\n${usage}`);
      return 2;
    } else inputs.push(a);
  }
  if (inputs.length === 0) {
    io.stderr.write(`ha-guide lint: no file or directory given\n\n${usage}`);
    return 2;
  }
  return { format, root, jobs, inputs };
}

interface Project {
  key: string;
  sourceDir?: string;
  /** For a group of files of no Sphinx project: the folder it stands for (its repository, else its input's root, `defaultRoot`). */
  folder?: string;
  /** Positions of its documents in the command's list. */
  docs: number[];
  bytes: number;
}

/** `ha-guide lint`: checks every document, each against its own project, and prints the records in input order. */
export async function lintCommand(args: string[], io: CliIo, usage: string): Promise<number> {
  const opts = parseArgs(args, io, usage);
  if (typeof opts === 'number') return opts;
  // Read everything first: unreadable input means exit 2 with nothing written to stdout.
  const all = readRstInputs('ha-guide lint', opts.inputs, io);
  if (!all) return 2;
  // reno's release notes are checked on their own (lintReleaseNotes); their records keep their place in the output.
  const texts = all.filter((t) => !t.note);
  const notes = all.flatMap((t, at) => (t.note ? [{ ...t, at }] : []));
  const textAt = all.flatMap((t, at) => (t.note ? [] : [at]));
  // Files that documents name are read only inside the project: --root, else the repository of each input
  // (the nearest folder holding .git), else the source tree of an unpacked tarball, else the current directory
  // (or, outside it, the source tree the input's folder lies in, else that folder): `defaultRoot`.
  const folders = (opts.root ? [opts.root] : [...new Set(opts.inputs.map(defaultRoot))]).map((r) => pathToUri(r));
  const named = new Set(opts.inputs.map((i) => path.resolve(i)));
  const uris = texts.map((d) => pathToUri(path.resolve(d.file)));

  // Each document's project: the folder holding conf.py (Sphinx's project); outside any, its repository
  // (the nearest folder holding .git); outside any repository, the input that named or found it. Labels,
  // documents and duplicates are looked up within a project only, never across two repositories.
  const workspace = new NodeWorkspace(folders);
  const repos = new Map<string, string | undefined>();
  const projects = new Map<string, Project>();
  const sourceDirs = uris.map((u) => workspace.sourceDir(u));
  const alsoNamed = readThroughLinks(texts, uris, sourceDirs, named, workspace, opts.inputs, folders);
  const hosts = hostSourceDirs(texts, sourceDirs);
  const linked = new Set([...linkedOutside(texts, sourceDirs), ...alsoNamed]);
  const orphans = texts.filter((d, i) => !sourceDirs[i] && !linked.has(i) && !hosts.has(path.resolve(d.file))).map((d) => path.resolve(d.file));
  if (orphans.length) await hostOrphans(orphans, hosts, workspace, opts.inputs);
  texts.forEach((d, i) => {
    if (linked.has(i)) return;
    // An input outside every source folder that a document of a project includes is checked with that project.
    const sourceDir = sourceDirs[i] ?? hosts.get(path.resolve(d.file));
    let key: string;
    let folder: string | undefined;
    if (sourceDir) key = `conf:${sourceDir}`;
    else {
      const dir = path.dirname(path.resolve(d.file));
      if (!repos.has(dir)) repos.set(dir, repositoryRoot(dir));
      const repo = repos.get(dir);
      key = repo ? `git:${repo}` : `input:${d.input}`;
      folder = repo ?? defaultRoot(opts.inputs[d.input]);
    }
    let p = projects.get(key);
    if (!p) projects.set(key, (p = { key, sourceDir, folder, docs: [], bytes: 0 }));
    p.docs.push(i);
    p.bytes += d.text.length;
  });

  // The Sphinx source folders of the inputs (paths): a group of files of no project beside one is read by no build.
  const sourceFolders = [...projects.values()].flatMap((p) => (p.sourceDir ? [toPath(p.sourceDir) ?? ''] : [])).filter(Boolean);
  const totalBytes = texts.reduce((n, d) => n + d.text.length, 0);
  const jobs = opts.jobs ?? (totalBytes < PARALLEL_MIN_BYTES ? 1 : idleCores());
  const tasks = planTasks([...projects.values()], jobs, (p) => ({
    project: p.key,
    folders,
    sourceDir: p.sourceDir,
    docs: p.docs.map((i) => ({ file: texts[i].file, text: texts[i].text, named: named.has(path.resolve(texts[i].file)) })),
    check: [],
    // In a repository, `hostOrphans` searched its projects for documents including these files; elsewhere only
    // the inputs were looked at, so a project counts only when its source folder is among them.
    besideProjects: p.folder !== undefined && (sourceFolders.some((dir) => isUnder(dir, p.folder!)) || (p.key.startsWith('git:') && hasConfFolder(p.folder))),
  }));

  const progress = io.stderr.isTTY && opts.format === 'text' && texts.length >= PROGRESS_MIN_FILES ? new Progress(io, texts.length) : undefined;
  const graphviz = new GraphvizService();
  // Graphviz loads its wasm in its own thread while the documents are parsed.
  // A worker the launcher started ahead (graphviz/prestart.ts) and nothing needs is ended now, not at exit.
  if (texts.some((d) => DIAGRAM_DIRECTIVE.test(d.text))) graphviz.warmUp();
  else dropPrestartedWorker();
  const results: (DocResult | undefined)[] = new Array(texts.length);
  try {
    const done = (task: LintTask, rs: DocResult[]) => {
      const project = projects.get(task.project)!;
      for (const r of rs) results[project.docs[r.doc]] = r;
    };
    if (tasks.length <= 1 || jobs === 1) {
      try {
        for (const t of tasks) done(t, await runLintTask(t, graphviz, () => progress?.step()));
      } finally {
        disposeLintTasks();
      }
    } else {
      await runInWorkers(tasks, Math.min(jobs, tasks.length), graphviz, progress, done);
    }
  } finally {
    graphviz.dispose();
    progress?.clear();
  }

  // The records in input order; a file that documents include is reported once, with the first includer's names.
  const records: LintRecord[] = [];
  const includedDone = new Set<string>(uris.filter((_, i) => results[i] && !results[i]!.excluded));
  const tools = new Set<string>();
  const toolRecords: LintRecord[] = [];
  const noteRecords = lintReleaseNotes(notes, folders);
  let nextNote = 0;
  const notesBefore = (at: number) => {
    for (; nextNote < notes.length && notes[nextNote].at < at; nextNote++) records.push(...noteRecords[nextNote]);
  };
  for (const [i, r] of results.entries()) {
    notesBefore(textAt[i]);
    if (!r || r.excluded) continue;
    records.push(...r.records);
    for (const inc of r.included) {
      if (includedDone.has(inc.uri)) continue;
      includedDone.add(inc.uri);
      records.push(...inc.records);
    }
    if (r.tool && !tools.has(r.tool.uri)) {
      tools.add(r.tool.uri);
      toolRecords.push(...r.tool.records);
    }
  }
  notesBefore(Infinity);
  records.push(...toolRecords);
  if (opts.format === 'json') io.stdout.write(JSON.stringify(records, null, 2) + '\n');
  // One line a record: a message's own line breaks (a `:term:` written over two lines) become spaces.
  else io.stdout.write(records.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code} ${r.message.replace(/\s*\n\s*/g, ' ')}\n`).join(''));
  return records.some((r) => r.severity === 'error') ? 1 : 0;
}

/**
 * Hosts (`hosts`, by absolute path) for inputs outside every source folder that no input includes. A file named
 * without its includer (a pre-commit hook naming CHANGES.rst alone): the includer is looked for in the projects of
 * its repository that the inputs do not hold. A towncrier news fragment (`CHANGES/123.bugfix.rst`) is checked
 * where its news file is, which towncrier writes it into.
 */
async function hostOrphans(orphans: string[], hosts: Map<string, string>, workspace: NodeWorkspace, inputs: string[]): Promise<void> {
  const news = new Map<string, string>();
  for (const f of orphans) {
    const n = newsFileOf(f);
    if (n) news.set(f, n);
  }
  // The header of a sphinx-gallery examples folder: checked in the project whose gallery index the build writes it into.
  const headers = orphans.filter((f) => /^(README|GALLERY_HEADER)\.rst$/i.test(path.basename(f)));
  if (headers.length) {
    const knowledge = new ProjectKnowledge({ readFile: (u) => workspace.readFile(u), sourceDir: (u) => workspace.sourceDir(u), confDir: (d) => workspace.confDir(d) });
    for (const f of headers) {
      const index = knowledge.hostOf(pathToUri(f));
      const dir = index ? workspace.sourceDir(index) : undefined;
      if (dir) hosts.set(f, dir);
    }
    orphans = orphans.filter((f) => !hosts.has(f));
  }
  const newsHost = (n: string) => workspace.sourceDir(pathToUri(n)) ?? hosts.get(n);
  const wanted = [...new Set([...orphans.filter((f) => !news.has(f)), ...[...news.values()].filter((n) => !newsHost(n))])];
  if (wanted.length) {
    const searched = inputs.filter((i) => isDirectory(i)).map((i) => path.resolve(i));
    const covered = (dir: string) => searched.some((s) => dir === s || dir.startsWith(s + path.sep));
    for (const [file, dir] of await hostsInRepository(wanted, workspace, covered)) hosts.set(file, dir);
  }
  for (const [f, n] of news) {
    const host = newsHost(n);
    if (host) hosts.set(f, host);
  }
}

/**
 * Inputs outside every source folder that a symbolic link inside one leads to, named one by one (a pre-commit
 * hook names `specs/2027.1/x.rst`, which nova-specs' build reads through `doc/source/specs/2027.1`): each is
 * taken by the path the build reads it by, as `ha-guide lint .` finds it, and checked as that document.
 * Source folders under a folder the command searches whole are not looked through: the walk has read the files
 * there by the link's path. Updates the arrays in place; returns the inputs whose document is also an input
 * under the link's path (checked once, there).
 */
function readThroughLinks(
  texts: { file: string; text: string; input: number; link?: string }[],
  uris: string[],
  sourceDirs: (string | undefined)[],
  named: Set<string>,
  workspace: NodeWorkspace,
  inputs: string[],
  roots: string[],
): Set<number> {
  const twice = new Set<number>();
  const outside = texts.flatMap((d, i) => (sourceDirs[i] ? [] : [path.resolve(d.file)]));
  if (!outside.length) return twice;
  const searched = inputs.filter((i) => isDirectory(i)).map((i) => path.resolve(i));
  const covered = (dir: string) => searched.some((s) => dir === s || dir.startsWith(s + path.sep));
  const through = linksInRoots(outside, roots.map((r) => toPath(r) ?? r), workspace, covered);
  if (!through.size) return twice;
  const given = new Set(uris);
  texts.forEach((d, i) => {
    const abs = path.resolve(d.file);
    const link = sourceDirs[i] ? undefined : through.get(abs);
    if (!link) return;
    if (given.has(pathToUri(link))) {
      twice.add(i);
      return;
    }
    const file = path.isAbsolute(d.file) ? link : path.relative(process.cwd(), link);
    texts[i] = { ...d, file };
    uris[i] = pathToUri(link);
    sourceDirs[i] = workspace.sourceDir(uris[i]);
    if (named.has(abs)) named.add(link);
  });
  return twice;
}

/** Whether an input names a folder (the command has read every `.rst` file under it). */
function isDirectory(input: string): boolean {
  return fs.statSync(input, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * The inputs outside every source folder that a document of a project is a symbolic link to (OpenStack's
 * `doc/source/HACKING.rst -> ../../HACKING.rst`): the build reads them as that document, so they are checked
 * once, under its name, and left out here; and the symbolic links outside every source folder to another input,
 * which is checked at its own path.
 */
function linkedOutside(texts: readonly { file: string; link?: string }[], sourceDirs: readonly (string | undefined)[]): Set<number> {
  // By path and, for an input that is a link itself, by the file it leads to: the middle link of a chain
  // (nova-specs' `doc/source/specs/backlog/template.rst -> specs/backlog-template.rst -> 2027.1-template.rst`)
  // is read as the same document.
  const byPath = new Map<string, number[]>();
  const note = (p: string, i: number) => {
    const at = byPath.get(p);
    if (at) at.push(i);
    else byPath.set(p, [i]);
  };
  texts.forEach((d, i) => {
    if (sourceDirs[i]) return;
    note(path.resolve(d.file), i);
    if (d.link) note(d.link, i);
  });
  const out = new Set<number>();
  texts.forEach((d, i) => {
    if (d.link && sourceDirs[i]) for (const j of byPath.get(d.link) ?? []) out.add(j);
  });
  // A link outside every source folder to a file that is an input too (sunpy's `CITATION.rst ->
  // sunpy/CITATION.rst`, which a page includes): no build reads the link on its own, so the file is checked
  // once, at its own path, with its project or its includers.
  const inputs = new Set(texts.map((d) => path.resolve(d.file)));
  texts.forEach((d, i) => {
    if (d.link && !sourceDirs[i] && d.link !== path.resolve(d.file) && inputs.has(d.link)) out.add(i);
  });
  return out;
}

/**
 * The tasks for `jobs` threads: one per project, except that a project larger than a thread's share is
 * split into parts checked by different threads (each part indexes the whole project: its labels and
 * documents are needed by every check). Largest first.
 */
function planTasks(projects: Project[], jobs: number, make: (p: Project) => LintTask): LintTask[] {
  const tasks: { task: LintTask; cost: number }[] = [];
  // Indexing and checking a document cost about the same; a part costs its project's index plus its checks.
  const share = (2 * projects.reduce((n, p) => n + p.bytes, 0)) / jobs;
  for (const p of projects) {
    const base = make(p);
    const parts = jobs === 1 ? 1 : Math.min(jobs, p.docs.length, Math.ceil((2 * p.bytes) / Math.max(share, 1)));
    if (parts <= 1) {
      tasks.push({ task: { ...base, check: p.docs.map((_, i) => i) }, cost: 2 * p.bytes });
      continue;
    }
    // Contiguous parts of about equal bytes.
    const sizes = base.docs.map((d) => d.text.length);
    let start = 0;
    let acc = 0;
    for (let k = 1; k <= parts; k++) {
      const goal = (p.bytes * k) / parts;
      let end = start;
      while (end < sizes.length && (acc + sizes[end] <= goal || end === start || k === parts)) acc += sizes[end++];
      if (end > start) tasks.push({ task: { ...base, check: range(start, end) }, cost: p.bytes + sizes.slice(start, end).reduce((a, b) => a + b, 0) });
      start = end;
    }
  }
  return tasks.sort((a, b) => b.cost - a.cost).map((t) => t.task);
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i < b; i++) out.push(i);
  return out;
}

/**
 * One thread per idle core (cores less the load average, as `make -l` judges it), less one core kept for
 * the Graphviz thread and the main thread that hands it the layouts and gathers the records; at least one.
 * The parts of a project checked on two threads each index the whole project, which only pays when the
 * cores are free. Measured on 2 cores: two checking threads took 2.06 s over the corpus against 1.60 s for
 * one, and 4.0-4.3 s against 3.7-3.9 s over a 10,000-file tree.
 */
export function defaultJobs(cores: number, load: number): number {
  return Math.max(1, Math.min(cores - 1, Math.round(cores - load)));
}

function idleCores(): number {
  return defaultJobs(os.availableParallelism(), os.loadavg()[0]);
}

/** Where the worker script is: next to this module (dist/lintWorker.js in the bundle, lintWorker.js under out/). */
function workerPath(): string {
  return path.join(__dirname, 'lintWorker.js');
}

/**
 * Runs the tasks on `n` worker threads; each takes the next task when it is free, preferring a part of the
 * project it has indexed already. Layouts go to the one Graphviz worker of the main thread.
 */
function runInWorkers(
  tasks: LintTask[],
  n: number,
  graphviz: GraphvizService,
  progress: Progress | undefined,
  onDone: (task: LintTask, results: DocResult[]) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const queue = [...tasks];
    const workers: Worker[] = [];
    let running = 0;
    let failed = false;
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    const finish = () => {
      for (const w of workers) w.postMessage({ type: 'close' } satisfies ToLintWorker);
      resolve();
    };
    for (let k = 0; k < n; k++) {
      const worker = new Worker(workerPath());
      workers.push(worker);
      let current: { id: number; task: LintTask } | undefined;
      let lastProject: string | undefined;
      const post = (m: ToLintWorker) => worker.postMessage(m);
      const next = () => {
        if (!queue.length) {
          current = undefined;
          if (running === 0 && !failed) finish();
          return;
        }
        const at = Math.max(0, queue.findIndex((t) => t.project === lastProject));
        const task = queue.splice(at, 1)[0];
        current = { id: k, task };
        lastProject = task.project;
        running++;
        post({ type: 'task', id: k, task });
      };
      worker.on('message', (m: FromLintWorker) => {
        if (m.type === 'layout') {
          graphviz.layout(m.dot, m.engine, { key: m.key }).then((r) => {
            // The drawing itself is not needed for lint: only the verdict crosses back.
            const result: LayoutResult = { status: r.status, error: r.error, ms: r.ms, timeoutMs: r.timeoutMs };
            post({ type: 'layout', id: m.id, result });
          }, fail);
        } else if (m.type === 'progress') progress?.step();
        else if (m.type === 'done') {
          running--;
          if (current) onDone(current.task, m.results);
          next();
        } else if (m.type === 'failed') fail(new Error(m.error));
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (current && !failed) fail(new Error(`a lint worker stopped (exit code ${code}) before its task was done`));
      });
      next();
    }
  });
}

/** "ha-guide lint: 120/284 files" on a terminal's stderr, rewritten in place, erased at the end. */
class Progress {
  private done = 0;
  private shown = -1;
  constructor(
    private readonly io: CliIo,
    private readonly total: number,
  ) {}

  step(): void {
    this.done++;
    const percent = Math.floor((100 * this.done) / this.total);
    if (percent === this.shown) return;
    this.shown = percent;
    this.io.stderr.write(`\rha-guide lint: ${this.done}/${this.total} files (${percent}%)`);
  }

  clear(): void {
    if (this.shown >= 0) this.io.stderr.write('\r\x1b[K');
  }
}

/** Whether `dir` is `folder` or lies under it (paths). */
function isUnder(dir: string, folder: string): boolean {
  const a = path.resolve(dir);
  const b = path.resolve(folder);
  return a === b || a.startsWith(b.endsWith(path.sep) ? b : b + path.sep);
}
