/**
 * What noxfile.py's sessions run: the commands handed to `session.run(...)`, read with the static Python reader
 * (python.ts; nothing is executed). Each function decorated with `@nox.session` (or `@session`) is read with
 * a session object for its first parameter; the module's own functions it calls are followed, for what they do
 * (`build_docs(session)`) and for the value they return (pip's `session.run(*get_sphinx_build_command("man"))`,
 * a nested function returning a list literal).
 */
import { sphinxCommand } from '../common/sphinxCommand';
import { FunctionRef, normalizePath, PathValue, PyObject, readPythonModule, Unknown, type CallHook, type Value } from './python';

/** A command a nox session runs: its words (undefined where a word is not known) and the folder it runs in. */
export interface NoxCommand {
  /** The words of the command; undefined for a word whose value is not known here. */
  words: (string | undefined)[];
  /** The folder it runs in, relative to the noxfile's folder (`session.chdir` taken into account), `.` for that folder. */
  cwd: string;
}

/** A word of a command: a string, a path, a number; undefined for any other value. */
function word(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof PathValue) return v.path;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** Whether a decorator (its text, `@` included) marks a nox session: `@nox.session`, `@nox.session(...)`, `@session(...)`. */
const SESSION_DECORATOR = /^@\s*(?:nox\s*\.\s*)?session\b/;

/** The commands noxfile.py's sessions run (`session.run`, `session.run_always`), in the order read. */
export function noxCommands(text: string): NoxCommand[] {
  const out: NoxCommand[] = [];
  const session = new PyObject('session');
  let cwd = '.';
  const hook: CallHook = (site) => {
    if (site.receiver !== session) return undefined;
    if (site.method === 'run' || site.method === 'run_always') {
      // `*session.posargs` is empty when nox is run without arguments after `--`.
      const words = site.positional().filter((v) => !(v instanceof Unknown && /\bposargs$/.test(v.unknown))).map(word);
      if (words.length) out.push({ words, cwd });
      return new Unknown('the output of a command');
    }
    if (site.method === 'chdir' && site.node.parent?.name === 'ExpressionStatement') {
      // `session.chdir("docs")` as a statement: the commands after it run there (the `with` form is not followed).
      const to = word(site.arg(0, 'dir') ?? null);
      if (to !== undefined && !to.startsWith('/')) cwd = normalizePath(`${cwd}/${to}`);
      return null;
    }
    return undefined;
  };
  const module = readPythonModule(text, { hook, quiet: true, returnValues: true });
  for (const value of module.globals.vars.values()) {
    if (!(value instanceof FunctionRef) || value.node.parent?.name !== 'DecoratedStatement') continue;
    let decorated = false;
    for (let c = value.node.parent.firstChild; c && c.name === 'Decorator'; c = c.nextSibling) if (SESSION_DECORATOR.test(module.text.slice(c.from, c.to))) decorated = true;
    if (!decorated) continue;
    cwd = '.';
    module.callFunction(value, [session]);
  }
  return out;
}

/**
 * The Sphinx builds noxfile.py's sessions run with `-c` (pip's `sphinx-build -c docs/html ... docs/man
 * docs/build/man`): each source folder with the folder whose conf.py it reads, relative to the noxfile's folder
 * (where nox runs a session).
 */
export function noxConfBuilds(text: string): { source: string; confDir: string }[] {
  const out: { source: string; confDir: string }[] = [];
  for (const c of noxCommands(text)) {
    const build = sphinxCommand(c.words);
    if (build?.source === undefined || build.confDir === undefined) continue;
    const at = (p: string) => normalizePath(p.startsWith('/') || c.cwd === '.' ? p : `${c.cwd}/${p}`);
    out.push({ source: at(build.source), confDir: at(build.confDir) });
  }
  return out;
}
