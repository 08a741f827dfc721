import path from 'node:path';
import { later } from '../common/cancel';
import { pathToUri } from '../common/uri';
import type { IGraphvizLayout } from '../dot/layout';
import { prefetchLayouts } from '../dot/provider';
import type { HgDiagnostic } from '../languageService';
import { createNodeLanguageService, type NodeLanguageService } from '../nodeService';
import { NodeWorkspace, readFileOrUndefined, toPath } from '../nodeWorkspace';
import { indexProjectDocuments } from './projectIndex';
import { defaultSettings } from '../protocol/settings';
import { buildLineStarts, offsetToPosition } from '../rst/lines';

/** One line of `ha-guide lint` output (the JSON format prints these objects). */
export interface LintRecord {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: HgDiagnostic['severity'];
  code: string;
  source: HgDiagnostic['source'];
  message: string;
}

/**
 * The documents of one project and which of them to check. A project is the folder holding conf.py; a file
 * outside any Sphinx project belongs to its repository (the nearest folder holding .git), else to the
 * input it was named or found by. Labels and documents resolve only within a project.
 */
export interface LintTask {
  /** Says which project this is: a worker keeps the last project's index for the next part of it. */
  project: string;
  /** Folders (file URIs) whose files the documents may read: --root, else the inputs' repositories. */
  folders: string[];
  /** The folder holding conf.py (a file URI): its other `.rst` files are indexed too. */
  sourceDir?: string;
  /** The project's documents from the command line, in output order. */
  docs: { file: string; text: string; named: boolean }[];
  /** Which of `docs` to check (their positions in `docs`). */
  check: number[];
  /** A group of files of no Sphinx project (a repository's) with Sphinx projects in the same folder: no build reads them. */
  besideProjects?: boolean;
}

/** What one document gave: its records, those of the files it includes (for the first includer), its pyproject problems. */
export interface DocResult {
  /** Position in the task's `docs`. */
  doc: number;
  /** Left out of the Sphinx build (exclude_patterns) and found by searching a folder: nothing is reported. */
  excluded: boolean;
  records: LintRecord[];
  included: { uri: string; records: LintRecord[] }[];
  tool?: { uri: string; records: LintRecord[] };
}

/** Layouts asked for ahead of the checks, at most: fewer than the Graphviz cache's 256 entries. */
const PREFETCH_LAYOUTS = 200;

/** Documents whose checks run at the same time, so that the checks go on while Graphviz lays diagrams out. */
const IN_FLIGHT = 32;

/** A Graphviz file (`.dot`, `.gv`), which is checked as one diagram rather than as a document. */
function isDotFile(uri: string): boolean {
  return /\.(dot|gv)$/i.test(uri);
}

/** The service of the last project a task indexed (a project split over several tasks is indexed once per thread). */
let last: { project: string; service: NodeLanguageService; excluded: boolean[] } | undefined;

/**
 * Indexes a project (its conf.py folder's files and the documents given) and checks the documents of the
 * task. The same code runs in the CLI's process (`--jobs 1`) and in its worker threads, so that both give
 * the same records. `done` is called after each checked document.
 */
export async function runLintTask(task: LintTask, layout: IGraphvizLayout | undefined, done?: () => void): Promise<DocResult[]> {
  const uris = task.docs.map((d) => pathToUri(path.resolve(d.file)));
  if (last?.project !== task.project) {
    last?.service.dispose();
    last = undefined;
    const workspace = new NodeWorkspace(task.folders);
    const service = createNodeLanguageService({ settings: () => defaultSettings, workspace, layout, graphviz: layout ? undefined : false });
    const isExcluded = (uri: string) => !!service.projects.project(uri)?.excluded(uri);
    // A file found by searching a directory is skipped when conf.py's exclude_patterns (or [tool.ha-guide]
    // exclude) leave it out of the Sphinx build; a file named on the command line is always checked.
    const excluded = task.docs.map((d, i) => !d.named && isExcluded(uris[i]));
    service.index.setProjectsBeside(!!task.besideProjects);
    const given = new Set(uris);
    // Unreadable files of the project are skipped: only the files asked for must be readable.
    if (task.sourceDir) await indexProjectDocuments(service, task.sourceDir, (uri) => given.has(uri), readFileOrUndefined);
    // The diagrams of the documents to check go to Graphviz as soon as each is parsed: its worker lays them
    // out on another core while the rest of the project is parsed, and the checks find them done. Fewer
    // than the layout cache holds, so none is dropped before its check asks for it.
    const checked = new Set(task.check);
    let prefetch = layout ? PREFETCH_LAYOUTS : 0;
    for (let i = 0; i < task.docs.length; i++) {
      if (excluded[i] || isDotFile(uris[i])) continue;
      service.index.set(uris[i], 1, task.docs[i].text);
      const doc = layout && prefetch > 0 && checked.has(i) ? service.index.get(uris[i])?.doc : undefined;
      if (doc) prefetch -= prefetchLayouts(doc, layout!, prefetch);
      // Once layouts wait, let the event loop hand the worker its next diagram after each document.
      if (prefetch < PREFETCH_LAYOUTS && layout) await new Promise<void>((resolve) => later(resolve, 0));
    }
    last = { project: task.project, service, excluded };
  }
  const { service, excluded } = last;
  const checkedHere = new Set(uris.filter((_, i) => !excluded[i]));
  const one = async (i: number): Promise<DocResult> => {
    const { file, text } = task.docs[i];
    const uri = uris[i];
    if (excluded[i]) return { doc: i, excluded: true, records: [], included: [] };
    const doc = { uri, version: 1, getText: () => text };
    // A Graphviz file named on the command line is one diagram, checked as the editor checks it.
    if (isDotFile(uri)) {
      const starts = buildLineStarts(text);
      return { doc: i, excluded: false, records: (await service.computeDotFileDiagnostics(doc)).filter(printed).map((d) => toRecord(file, d, starts)), included: [] };
    }
    const diags = await service.computeDiagnostics(doc);
    const starts = buildLineStarts(text);
    const records = diags.filter(printed).map((d) => toRecord(file, d, starts));
    // Files that documents include (an `.inc`, a `.txt`) are checked in their own lines, with the names of
    // the document that includes them; the caller keeps those of the first includer.
    // An input of this task is reported as a document of its own (lint.ts keeps those records): not checked again.
    const included = service.includedFileDiagnostics(doc, (u) => checkedHere.has(u)).map((inc) => {
      const incStarts = buildLineStarts(inc.text);
      const incFile = displayPath(inc.uri, path.isAbsolute(file));
      return { uri: inc.uri, records: inc.diagnostics.filter(printed).map((d) => toRecord(incFile, d, incStarts)) };
    });
    // A broken [tool.ha-guide] table is reported on pyproject.toml itself; its defaults were used.
    const { tool, uri: toolUri } = service.projects.tool(uri);
    const toolResult = tool && toolUri
      ? {
          uri: toolUri,
          records: tool.problems.map((p): LintRecord => {
            const f = displayPath(toolUri, path.isAbsolute(file));
            return { file: f, line: p.line + 1, column: p.column + 1, endLine: p.line + 1, endColumn: p.column + 1, severity: 'error', code: 'project.config-error', source: 'sphinx', message: p.message };
          }),
        }
      : undefined;
    return { doc: i, excluded: false, records, included, tool: toolResult };
  };
  const out: DocResult[] = [];
  const running: Promise<DocResult>[] = [];
  for (const i of task.check) {
    running.push(one(i));
    if (running.length >= IN_FLIGHT) {
      out.push(await running.shift()!);
      done?.();
    }
  }
  for (const r of running) {
    out.push(await r);
    done?.();
  }
  return out;
}

/**
 * The records of reno release notes (`releasenotes/notes/*.yaml`), for each note in order: its YAML as reno reads
 * it and its notes' reStructuredText, with the directives and roles of the project that builds them.
 */
export function lintReleaseNotes(notes: readonly { file: string; text: string }[], folders: string[]): LintRecord[][] {
  if (!notes.length) return [];
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: new NodeWorkspace(folders), graphviz: false });
  try {
    return notes.map(({ file, text }) => {
      const doc = { uri: pathToUri(path.resolve(file)), version: 1, getText: () => text };
      const starts = buildLineStarts(text);
      return service.computeReleaseNoteDiagnostics(doc).filter(printed).map((d) => toRecord(file, d, starts));
    });
  } finally {
    service.dispose();
  }
}

/** Ends the service this thread kept (its Graphviz worker, when it has one). */
export function disposeLintTasks(): void {
  last?.service.dispose();
  last = undefined;
}

/** A file's name as the documents' are printed: absolute when the including document's is (named or found so), else from the current folder. */
function displayPath(uri: string, absolute: boolean): string {
  const p = toPath(uri);
  if (p === undefined) return uri;
  return absolute ? p : path.relative(process.cwd(), p) || p;
}

/**
 * Whether a diagnostic is a record: hints (an unused target) are the editor's, faded out in the text, and VS
 * Code's Problems panel does not list them either. A severity set for their code in [tool.ha-guide] makes them records.
 */
function printed(d: HgDiagnostic): boolean {
  return d.severity !== 'hint';
}

function toRecord(file: string, d: HgDiagnostic, starts: number[]): LintRecord {
  const s = offsetToPosition(starts, d.start);
  const e = offsetToPosition(starts, d.end);
  return {
    file,
    line: s.line + 1,
    column: s.character + 1,
    endLine: e.line + 1,
    endColumn: e.character + 1,
    severity: d.severity,
    code: d.code,
    source: d.source,
    message: d.message,
  };
}
