import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HgDiagnostic } from '../languageService';
import { createNodeLanguageService } from '../nodeService';
import { defaultSettings } from '../protocol/settings';
import { buildLineStarts, offsetToPosition } from '../rst/lines';
import { migrate } from './migrate';
import { defaultRoot, listRstFiles, NodeWorkspace, toPath } from '../nodeWorkspace';
import { readRstInputs } from './inputs';
import { PREVIEW_USAGE, previewCommand } from './preview';
import { RENDER_USAGE, renderCommand } from './render';

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

const USAGE = `usage: ha-guide <command> [options]

commands:
  lint [--format text|json] [--root DIR] <file|dir>...
                                            check RST files (a directory is searched for *.rst); files
                                            the documents name are read only inside DIR (default: the
                                            repository holding the input, else the current directory)
  migrate <file|dir>... [--write]           convert blockdiag-family diagrams to graphviz (diff by default)
${RENDER_USAGE}${PREVIEW_USAGE}
exit codes: 0 no error, 1 at least one error, 2 bad usage or unreadable input
`;

/** The `ha-guide` command. Returns the exit code; never calls process.exit (testable in process). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    (command ? io.stdout : io.stderr).write(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'lint') return lint(rest, io);
  if (command === 'migrate') return migrate(rest, io);
  if (command === 'render') return renderCommand(rest, io);
  if (command === 'preview') return previewCommand(rest, io);
  io.stderr.write(`ha-guide: unknown command "${command}"\n\n${USAGE}`);
  return 2;
}

async function lint(args: string[], io: CliIo): Promise<number> {
  let format: 'text' | 'json' = 'text';
  let root: string | undefined;
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
    } else if (a.startsWith('-') && a !== '-') {
      io.stderr.write(`ha-guide lint: unknown option ${a}\n\n${USAGE}`);
      return 2;
    } else inputs.push(a);
  }
  if (inputs.length === 0) {
    io.stderr.write(`ha-guide lint: no file or directory given\n\n${USAGE}`);
    return 2;
  }
  // Read everything first: unreadable input means exit 2 with nothing written to stdout.
  const texts = readRstInputs('ha-guide lint', inputs, io);
  if (!texts) return 2;
  // Files that documents name are read only inside the project: --root, else the repository of each input
  // (the nearest folder holding .git), else the current directory (or the input's folder when outside it).
  const projectRoots = root
    ? [root]
    : [...new Set(inputs.map(defaultRoot))];
  const workspace = new NodeWorkspace(projectRoots.map((r) => pathToFileURL(r).href));
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace });
  const records: LintRecord[] = [];
  const isExcluded = (uri: string) => !!service.projects.project(uri)?.excluded(uri);
  try {
    // Labels and documents resolve across the Sphinx project of each file (the folder holding conf.py);
    // a file outside any project sees only the files given on the command line.
    // A file found by searching a directory is skipped when conf.py's exclude_patterns (or [tool.ha-guide]
    // exclude) leave it out of the Sphinx build; a file named on the command line is always checked.
    const named = new Set(inputs.map((i) => path.resolve(i)));
    const docs = texts
      .map(({ file, text }) => ({ file, text, uri: pathToFileURL(path.resolve(file)).href }))
      .filter((d) => named.has(path.resolve(d.file)) || !isExcluded(d.uri));
    const roots = new Set<string>();
    for (const d of docs) {
      const root = workspace.sourceDir(d.uri);
      if (root) roots.add(root);
    }
    const given = new Set(docs.map((d) => d.uri));
    for (const uri of await listRstFiles([...roots], [])) {
      if (given.has(uri) || isExcluded(uri)) continue;
      try {
        service.index.set(uri, 0, fs.readFileSync(toPath(uri)!, 'utf8'));
      } catch {
        // unreadable files of the project are skipped: only the files asked for must be readable
      }
    }
    for (const d of docs) service.index.set(d.uri, 1, d.text);
    // Files that documents include (an `.inc`, a `.txt`) are checked once, in their own lines, with the names
    // of the first document that includes them.
    const includedDone = new Set<string>(docs.map((d) => d.uri));
    for (const { file, text, uri } of docs) {
      const diags = await service.computeDiagnostics({ uri, version: 1, getText: () => text });
      const starts = buildLineStarts(text);
      for (const d of diags) records.push(toRecord(file, d, starts));
      for (const inc of service.includedFileDiagnostics({ uri, version: 1, getText: () => text })) {
        if (includedDone.has(inc.uri)) continue;
        includedDone.add(inc.uri);
        const incStarts = buildLineStarts(inc.text);
        const incFile = path.relative(process.cwd(), toPath(inc.uri) ?? inc.uri) || inc.uri;
        for (const d of inc.diagnostics) records.push(toRecord(incFile, d, incStarts));
      }
    }
    // A broken [tool.ha-guide] table is reported on pyproject.toml itself; its defaults were used.
    const tools = new Set<string>();
    for (const { uri } of docs) {
      const { tool, uri: toolUri } = service.projects.tool(uri);
      if (!tool || !toolUri || tools.has(toolUri)) continue;
      tools.add(toolUri);
      const file = path.relative(process.cwd(), toPath(toolUri) ?? toolUri) || toolUri;
      for (const p of tool.problems) {
        records.push({ file, line: p.line + 1, column: p.column + 1, endLine: p.line + 1, endColumn: p.column + 1, severity: 'error', code: 'project.config-error', source: 'sphinx', message: p.message });
      }
    }
  } finally {
    service.dispose();
  }
  if (format === 'json') io.stdout.write(JSON.stringify(records, null, 2) + '\n');
  else for (const r of records) io.stdout.write(`${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code} ${r.message}\n`);
  return records.some((r) => r.severity === 'error') ? 1 : 0;
}

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
