/**
 * Syntax highlighting for `code-block`, `literalinclude`, `.. highlight::` and literal blocks, with highlight.js
 * (the highlighter VS Code's Markdown preview uses), its core and only the languages that guides use, so the
 * server bundle stays small. DOT has no highlight.js grammar: it is defined here in highlight.js's own
 * grammar format. Output: one HTML string per source line, each with its spans closed and reopened at line
 * ends, so lines can be numbered, emphasised and mapped to their source lines.
 */
import hljs from 'highlight.js/lib/core';
import apache from 'highlight.js/lib/languages/apache';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import nginx from 'highlight.js/lib/languages/nginx';
import python from 'highlight.js/lib/languages/python';
import pythonRepl from 'highlight.js/lib/languages/python-repl';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import type { HLJSApi, Language } from 'highlight.js';

/** DOT in highlight.js's grammar format: keywords, attribute names, strings, HTML-like labels, comments. */
function dot(h: HLJSApi): Language {
  return {
    name: 'DOT',
    aliases: ['graphviz', 'gv'],
    case_insensitive: true,
    keywords: { keyword: ['strict', 'graph', 'digraph', 'subgraph', 'node', 'edge'] },
    contains: [
      h.C_LINE_COMMENT_MODE,
      h.C_BLOCK_COMMENT_MODE,
      { scope: 'meta', begin: /^\s*#/, end: /$/ },
      { scope: 'string', begin: /"/, end: /"/, contains: [{ begin: /\\./ }] },
      { scope: 'string', begin: /</, end: />/, contains: ['self'] },
      { scope: 'attr', begin: /[A-Za-z_][\w]*(?=\s*=)/ },
      { scope: 'number', begin: /-?(?:\.\d+|\d+(?:\.\d*)?)\b/ },
      { scope: 'operator', begin: /->|--/ },
    ],
  };
}

const api = hljs.newInstance();
api.configure({ classPrefix: 'hl-', ignoreUnescapedHTML: true });
const grammars: [string, (h: HLJSApi) => Language, string[]][] = [
  ['python', python, ['python3', 'py3', 'ipython', 'ipython3', 'sage', 'default']],
  ['python-repl', pythonRepl, ['pycon', 'python3-repl']],
  ['bash', bash, ['sh', 'zsh', 'ksh', 'shell-script']],
  ['shell', shell, ['console', 'shell-session', 'bash-session', 'sh-session', 'shellsession', 'doscon', 'ps1con']],
  ['ini', ini, ['cfg', 'dosini', 'conf', 'toml', 'properties']],
  ['yaml', yaml, ['yml', 'yaml+jinja']],
  ['json', json, ['json5', 'jsonc', 'javascript+json']],
  ['dot', dot, []],
  ['c', c, []],
  ['cpp', cpp, ['c++']],
  ['rust', rust, ['rs']],
  ['go', go, ['golang']],
  ['java', java, []],
  ['javascript', javascript, ['js', 'node']],
  ['typescript', typescript, ['ts']],
  ['xml', xml, ['html', 'xhtml', 'svg', 'html+jinja']],
  ['sql', sql, ['mysql', 'postgresql', 'psql']],
  ['diff', diff, ['udiff', 'patch']],
  ['dockerfile', dockerfile, ['docker']],
  ['nginx', nginx, ['nginxconf']],
  ['apache', apache, ['apacheconf']],
];
for (const [name, grammar, aliases] of grammars) {
  api.registerLanguage(name, grammar);
  if (aliases.length) api.registerAliases(aliases, { languageName: name });
}

/** Languages shown as plain text on purpose (Pygments' names for "no highlighting"). */
const PLAIN = new Set(['text', 'none', 'plain', 'plaintext', 'txt', 'rst', 'restructuredtext', 'output', '']);

/** The highlight.js name of a Sphinx/Pygments language name, or undefined when none is registered. */
function resolve(language: string): string | undefined {
  const l = language.trim().toLowerCase();
  if (PLAIN.has(l)) return undefined;
  return api.getLanguage(l) ? l : undefined;
}

export function isKnownLanguage(language: string): boolean {
  const l = language.trim().toLowerCase();
  return PLAIN.has(l) || resolve(l) !== undefined;
}

/** Code longer than this is shown plain: highlighting is for reading, and must stay fast on any input. */
const MAX_HIGHLIGHT = 200_000;

/**
 * HTML lines of highlighted code: one string per source line, each with its spans closed, so lines can be
 * numbered or emphasised. Plain text (escaped) when the language is unknown or plain.
 */
export function highlightLines(code: string, language: string | undefined): string[] {
  const name = language ? resolve(language) : undefined;
  if (!name || code.length > MAX_HIGHLIGHT) return code.split('\n').map(escapeHtml);
  let html: string;
  try {
    html = api.highlight(code, { language: name, ignoreIllegals: true }).value;
  } catch {
    return code.split('\n').map(escapeHtml); // a grammar bug must never break the preview
  }
  return splitLines(html);
}

/** Splits highlight.js's HTML (escaped text and `<span class="...">`/`</span>`) at newlines, keeping spans balanced. */
function splitLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let line = '';
  const tag = /<span class="[^"]*">|<\/span>|\n/g;
  let last = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    line += html.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[0] === '\n') {
      lines.push(line + '</span>'.repeat(open.length));
      line = open.join('');
    } else if (m[0] === '</span>') {
      open.pop();
      line += m[0];
    } else {
      open.push(m[0]);
      line += m[0];
    }
  }
  line += html.slice(last);
  lines.push(line);
  // Spans that open and close with nothing between (a reopened span at a line end) are noise.
  return lines.map((l) => l.replace(/<span class="[^"]*"><\/span>/g, ''));
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '"' ? '&quot;' : '&#39;'));
}
