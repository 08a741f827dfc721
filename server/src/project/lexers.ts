/**
 * Sphinx's "Pygments lexer name 'x' is not known" (sphinx/highlighting.py `PygmentsBridge.get_lexer`), which
 * the HTML and LaTeX builders give for a code block whose language Pygments does not know: a `-W` build fails
 * on it. The names Pygments knows are its lexers' aliases (pygmentsLexers.json, read from its `_mapping.py`),
 * compared lower-cased as `get_lexer_by_name` does, plus Sphinx's own names and those extensions add.
 */
import type { RstDocument, RstProblem } from '../rst/types';
import { flatten } from '../rst/walk';
import data from './pygmentsLexers.json';
import type { SphinxProject } from './project';

const ALIASES: ReadonlySet<string> = new Set([...data.aliases, ...data.plugins]);
/** Names `get_lexer` takes before asking Pygments: its `lexer_classes`, the Python names, `guess`. */
const SPHINX_NAMES: ReadonlySet<string> = new Set(['none', 'python', 'pycon', 'rest', 'c', 'py', 'py3', 'python3', 'default', 'pycon3', 'guess']);
/** Directives whose argument is the language of their block (Sphinx's `code-block`, its `code` patch). */
const CODE_DIRECTIVES: ReadonlySet<string> = new Set(['code-block', 'sourcecode', 'code']);

/** Whether Sphinx finds a lexer for `lang` in this project. */
export function knownLexer(lang: string, project: Pick<SphinxProject, 'lexers'>): boolean {
  return SPHINX_NAMES.has(lang) || ALIASES.has(lang.toLowerCase()) || project.lexers.added.includes(lang);
}

/** The code blocks of a document whose language no lexer of the project has. */
export function lexerProblems(doc: RstDocument, project: Pick<SphinxProject, 'lexers'>): RstProblem[] {
  if (project.lexers.unknowable) return [];
  const out: RstProblem[] = [];
  for (const b of flatten(doc).directives) {
    if (b.unknown) continue;
    let lang: string | undefined;
    let span: { start: number; end: number } | undefined;
    if (CODE_DIRECTIVES.has(b.name) && b.argument.trim() && b.argumentSpan) {
      lang = b.argument.trim();
      span = b.argumentSpan;
    } else if (b.name === 'literalinclude') {
      const o = b.options.find((x) => x.name === 'language');
      if (o?.value.trim()) {
        lang = o.value.trim();
        span = o.valueSpan;
      }
    }
    if (lang === undefined || span === undefined || /\s/.test(lang) || knownLexer(lang, project)) continue;
    out.push({ code: 'sphinx.unknown-lexer', message: `Pygments lexer name '${lang}' is not known`, start: span.start, end: span.end });
  }
  return out;
}
