/**
 * What tox.ini's environments run before they build documentation: a docs environment often writes a file the
 * documents include, then runs Sphinx (pluggy's `python scripts/towncrier-draft-to-file.py` writes the changelog
 * draft its CHANGELOG.rst includes; on a plain `sphinx-build` the file is missing, and conf.py silences that).
 */
import { sphinxCommand } from '../common/sphinxCommand';
import { normalizePath } from './python';

export interface ToxEnvironment {
  name: string;
  /** Its `commands_pre` lines, then its `commands` lines, in the order tox runs them. */
  commands: string[];
  changedir?: string;
}

/** One line of tox.ini (a `\` continuation joined): its section, the key whose value it holds, and that value's text. */
export interface ToxLine {
  /** The section's name (`testenv:docs`); undefined before any section (a fragment). */
  section: string | undefined;
  /** The key, in lower case; undefined before any key of the section. */
  key: string | undefined;
  /** The whole line, as written. */
  line: string;
  /** The value's text on this line: after `key =` on the key's line, the whole line on a continuation line. */
  value: string;
  /** Whether this is the key's own line (`key = value`). */
  keyLine: boolean;
}

/** tox.ini's lines with their sections and keys; section header lines are left out. */
export function toxLines(toxIni: string): ToxLine[] {
  const out: ToxLine[] = [];
  let section: string | undefined;
  let key: string | undefined;
  for (const line of toxIni.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const header = /^\[([^\]]*)\][ \t]*$/.exec(line);
    if (header) {
      section = header[1].trim();
      key = undefined;
      continue;
    }
    const m = /^([A-Za-z_][\w.-]*)[ \t]*[=:][ \t]*(.*)$/.exec(line);
    if (m) key = m[1].toLowerCase();
    out.push({ section, key, line, value: m ? m[2] : line, keyLine: !!m });
  }
  return out;
}

/** The command lines of each `[testenv...]` section (a `\` continuation joined, comments dropped), and its `changedir`. */
export function toxEnvironments(toxIni: string): ToxEnvironment[] {
  const envs: ToxEnvironment[] = [];
  let env: ToxEnvironment | undefined;
  /** How many `commands_pre` lines the current section's list starts with. */
  let pre = 0;
  for (const l of toxLines(toxIni)) {
    if (l.section === undefined || !/^testenv\b/.test(l.section)) continue;
    if (env?.name !== l.section) {
      envs.push((env = { name: l.section, commands: [] }));
      pre = 0;
    }
    if (l.key === 'changedir' && l.keyLine) env.changedir = l.value.trim();
    const command = l.value.replace(/(^|[ \t])#.*$/, '').trim();
    if (l.key === 'commands' && command) env.commands.push(command);
    else if (l.key === 'commands_pre' && command) env.commands.splice(pre++, 0, command);
  }
  return envs;
}

/** A path as tox gives it to a command, relative to the tox folder: `{toxinidir}/` dropped, `./` and a final `/` too. */
function toxPath(token: string): string {
  return token
    .replace(/^(['"])(.*)\1$/, '$2')
    .replace(/^\{toxinidir\}(\{\/\}|\/)?/, '')
    .replace(/\{\/\}/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '') || '.';
}

/** A command line's words, quotes taken off; tox's `{posargs}` (empty when tox is run without arguments) left out. */
function toxWords(command: string): string[] {
  return (command.match(/'[^']*'|"[^"]*"|\S+/g) ?? []).filter((t) => !t.startsWith('{posargs')).map((t) => t.replace(/^(['"])(.*)\1$/, '$2'));
}

/**
 * A folder a tox command names, relative to the tox folder: one written from `{toxinidir}` from there, any other
 * from `base` (the environment's `changedir`); undefined when tox puts in what is not known here.
 */
function toxFolder(token: string, base: string): string | undefined {
  const p = toxPath(token);
  if (p.includes('{') || p.includes('$')) return undefined;
  return normalizePath(base === '.' || p.startsWith('/') || token.startsWith('{toxinidir}') ? p : `${base}/${p}`);
}

/**
 * The Sphinx builds tox.ini's environments run with `-c` (`sphinx-build -c doc/conf -b html doc/source out`):
 * each source folder with the folder whose conf.py it reads, relative to the tox folder.
 */
export function toxConfBuilds(toxIni: string): { source: string; confDir: string }[] {
  const out: { source: string; confDir: string }[] = [];
  for (const env of toxEnvironments(toxIni)) {
    const base = env.changedir ? toxPath(env.changedir) : '.';
    for (const c of env.commands) {
      const build = sphinxCommand(toxWords(c));
      if (build?.source === undefined || build.confDir === undefined) continue;
      const source = toxFolder(build.source, base);
      const confDir = toxFolder(build.confDir, base);
      if (source !== undefined && confDir !== undefined) out.push({ source, confDir });
    }
  }
  return out;
}

/** What a tox environment does before it builds the Sphinx project in `source`, each path relative to the tox folder. */
export interface BeforeDocs {
  /** The Python scripts it runs: `python scripts/x.py` before `sphinx-build ... docs ...`. */
  scripts: string[];
  /** The folders sphinx-apidoc writes into (`sphinx-apidoc -f -o doc/source/tests pkg`, neutron-tempest-plugin). */
  apidocOutputs: string[];
}

/**
 * What a tox environment runs before it builds the Sphinx project in `source` (a folder relative to the tox
 * folder, `.` for the tox folder itself), relative to the tox folder (see {@link BeforeDocs}).
 */
export function beforeDocs(toxIni: string, source: string): BeforeDocs {
  const scripts: string[] = [];
  const apidocOutputs: string[] = [];
  for (const env of toxEnvironments(toxIni)) {
    const base = env.changedir ? toxPath(env.changedir) : '.';
    // Each path as tox hands it over: one written from `{toxinidir}` is from the tox folder, whatever `changedir` is.
    const at = (token: string) => toxFolder(token.replace(/^(['"])(.*)\1$/, '$2'), base);
    const build = env.commands.findIndex((c) => {
      const s = sphinxCommand(toxWords(c))?.source;
      return s !== undefined && at(s) === source;
    });
    if (build < 0) continue;
    for (const c of env.commands.slice(0, build)) {
      const tokens = c.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
      const script = /^(\{envpython\}|python[\d.]*)$/.test(tokens[0] ?? '') && tokens[1] && /\.py$/.test(tokens[1]) ? at(tokens[1]) : undefined;
      if (script !== undefined) scripts.push(script);
      // sphinx-apidoc, or `python -m sphinx.ext.apidoc`: its -o, --output-dir or --output-dir=DIR.
      const apidoc = tokens[0] === 'sphinx-apidoc' ? 1 : /^(\{envpython\}|python[\d.]*)$/.test(tokens[0] ?? '') && tokens[1] === '-m' && tokens[2] === 'sphinx.ext.apidoc' ? 3 : -1;
      if (apidoc < 0) continue;
      for (let i = apidoc; i < tokens.length; i++) {
        const t = tokens[i].replace(/^(['"])(.*)\1$/, '$2');
        const value = t === '-o' || t === '--output-dir' ? tokens[++i] : t.startsWith('--output-dir=') ? t.slice('--output-dir='.length) : undefined;
        const folder = value ? at(value) : undefined;
        if (folder !== undefined) apidocOutputs.push(folder);
      }
    }
  }
  return { scripts: [...new Set(scripts)], apidocOutputs: [...new Set(apidocOutputs)] };
}
