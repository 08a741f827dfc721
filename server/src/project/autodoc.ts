/**
 * sphinx.ext.autodoc: `.. automodule:: swift.common.middleware.symlink` pulls the module's docstrings into
 * the document, and with them the labels they define (swift's `symlink_container_sync_client_config` is
 * defined in that module's docstring, and referred to from overview_container_sync.rst). This module finds
 * the Python file an autodoc directive names, the way the build imports it (conf.py's `sys.path`, then the
 * repository above the source folder, where an installed project's package lives), and gives its docstrings
 * as RST at their own places in the file: the rest of the file is blanked, so offsets, lines and columns stay
 * those of the `.py` file and a label found there is a place in it. Pure; never throws.
 *
 * Every docstring of the file counts, whatever the directive's options (`:members:` or not): a label only a
 * member's docstring defines is then known even where Sphinx leaves that member out (a missed warning,
 * never a false one).
 */
import { parser } from '@lezer/python';
import { joinUri, parentOf } from '../common/uri';
import type { RstDocument } from '../rst/types';
import { flatten } from '../rst/walk';

/** The directives that document a Python object from its docstrings. */
const AUTODOC = new Set(['automodule', 'autoclass', 'autoexception', 'autofunction', 'automethod', 'autodata', 'autoattribute', 'autoproperty', 'autodecorator']);
/** At most this many autodoc targets a document names (SQLAlchemy's PostgreSQL page names 66), and this many characters a module. */
const MAX_MODULES = 256;
const MAX_CHARS = 4 * 1024 * 1024;

/** Documenters of a class's member: `automethod:: Class.method` names the class, the module is the current one. */
const CLASS_LEVEL = new Set(['automethod', 'autoattribute', 'autoproperty']);
/** The directives that set the current module (Sphinx's `py:module` of the document from there on). */
const SETS_MODULE = new Set(['module', 'currentmodule']);
const DOTTED = /^\s*([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)/;

/**
 * The dotted names of a document's autodoc directives (`swift.common.middleware.symlink`), in order, each once.
 * A name without its module takes the current one, as autodoc resolves it: set by `.. currentmodule::`,
 * `.. module::` or an `automodule` above it (`.. currentmodule:: pkg.mod` then `.. autoclass:: Thing` documents
 * `pkg.mod.Thing`; `.. automethod:: Thing.run` there, `pkg.mod.Thing.run`).
 */
export function autodocTargets(doc: RstDocument): string[] {
  const out = new Set<string>();
  let current: string | undefined;
  for (const b of flatten(doc).directives) {
    if (out.size >= MAX_MODULES) continue;
    const name = b.name.startsWith('py:') ? b.name.slice(3) : b.name;
    // `automethod:: mod.Class.method(args) -> type`: the dotted name before any signature.
    const m = DOTTED.exec(b.argument);
    if (SETS_MODULE.has(name)) {
      current = m && m[1] !== 'None' ? m[1] : undefined;
      continue;
    }
    if (!AUTODOC.has(name) || !m) continue;
    const dotted = m[1];
    if (name === 'automodule') {
      current = dotted;
      out.add(dotted);
      continue;
    }
    const depth = dotted.split('.').length;
    out.add(current && (CLASS_LEVEL.has(name) ? depth <= 2 : depth === 1) ? `${current}.${dotted}` : dotted);
  }
  return [...out];
}

/**
 * Where the build finds a module: conf.py's `sys.path` folders (relative to the conf.py folder, Sphinx's
 * working folder while conf.py runs), then the conf.py folder and the three above it (`doc/source/../..` is
 * the repository, whose package the documentation build installs), then their `src/` folders (the src
 * layout: bokeh's `src/bokeh`, installed before its docs are built).
 */
export function moduleFolders(root: string, sysPath: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of sysPath) {
    const dir = joinUri(root, p, { normalize: true, folder: true });
    out.add(dir.endsWith('/') ? dir : dir + '/');
  }
  const above: string[] = [];
  for (let dir: string | undefined = root, up = 0; dir && up < 4; dir = parentOf(dir), up++) above.push(dir);
  for (const dir of above) out.add(dir);
  for (const dir of above) out.add(dir + 'src/');
  return [...out];
}

/**
 * The file of a dotted name: the longest prefix that is a module (`a/b/c.py` or `a/b/c/__init__.py`) under
 * one of `folders`, tried in order. `read` returns a file's text or undefined.
 */
export function findModule(dotted: string, folders: readonly string[], read: (uri: string) => string | undefined): { uri: string; text: string } | undefined {
  const parts = dotted.split('.');
  for (let n = parts.length; n >= 1; n--) {
    const rel = parts.slice(0, n).join('/');
    for (const folder of folders) {
      const base = folder.endsWith('/') ? folder : folder + '/';
      for (const candidate of [`${rel}.py`, `${rel}/__init__.py`]) {
        const uri = base + candidate;
        const text = read(uri);
        if (text !== undefined && text.length <= MAX_CHARS) return { uri, text };
      }
    }
  }
  return undefined;
}

/**
 * The docstrings of a Python source as RST at their own places: every character outside a docstring's
 * content becomes a space (line breaks stay), so the text has the source's length and lines. A docstring is
 * a string literal standing alone as a statement (module, class and function docstrings, and attribute
 * docstrings after an assignment, which autodoc reads too).
 */
export function docstringText(source: string): string {
  const out: string[] = [];
  let kept = 0;
  const blank = (to: number) => {
    if (to > kept) out.push(source.slice(kept, to).replace(/[^\n\r]/g, ' '));
    kept = Math.max(kept, to);
  };
  let tree;
  try {
    tree = parser.parse(source);
  } catch {
    return source.replace(/[^\n\r]/g, ' ');
  }
  const cursor = tree.cursor();
  do {
    if (cursor.name !== 'ExpressionStatement') continue;
    const node = cursor.node;
    const only = node.firstChild;
    if (!only || only.name !== 'String' || only.nextSibling) continue;
    const src = source.slice(only.from, only.to);
    const m = /^([rRuU]?)("""|'''|"|')/.exec(src);
    if (!m || !src.endsWith(m[2]) || src.length < m[0].length + m[2].length) continue;
    const from = only.from + m[0].length;
    const to = only.to - m[2].length;
    blank(from);
    out.push(source.slice(from, to));
    kept = to;
  } while (cursor.next());
  blank(source.length);
  return out.join('');
}
