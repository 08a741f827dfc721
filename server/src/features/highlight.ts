/**
 * Syntax highlighting for `code-block` and friends: small sticky-regex tokenisers per language, enough to
 * colour configuration files, shell sessions and scripts in a preview. Pure and linear: every rule
 * consumes at least one character, and anything no rule matches is taken as plain text.
 */

/** A token class; the preview's CSS gives each a theme colour (`hl-kw`, `hl-str`, ...). */
export type TokenClass = 'kw' | 'str' | 'num' | 'com' | 'op' | 'fn' | 'var' | 'key' | 'sec' | 'lit' | 'prompt' | 'out' | 'builtin' | 'deco';

export interface Token {
  text: string;
  cls?: TokenClass;
}

type Rule = [RegExp, TokenClass | undefined];
type Tokenizer = (code: string) => Token[];

/** Runs sticky rules from left to right; the first rule that matches at a position wins. */
function ruleTokenizer(rules: readonly Rule[]): Tokenizer {
  return (code) => {
    const out: Token[] = [];
    let i = 0;
    const n = code.length;
    outer: while (i < n) {
      for (const [re, cls] of rules) {
        re.lastIndex = i;
        const m = re.exec(code);
        if (m && m[0].length > 0) {
          push(out, m[0], cls);
          i += m[0].length;
          continue outer;
        }
      }
      // No rule: a word or one character of plain text.
      WORD.lastIndex = i;
      const w = WORD.exec(code);
      const len = w ? w[0].length : 1;
      push(out, code.slice(i, i + len), undefined);
      i += len;
    }
    return out;
  };
}

const WORD = /[\p{L}\p{N}_]+/uy;

function push(out: Token[], text: string, cls: TokenClass | undefined): void {
  const last = out[out.length - 1];
  if (last && last.cls === cls) last.text += text;
  else out.push(cls ? { text, cls } : { text });
}

const words = (list: string) => new RegExp(`\\b(?:${list.split(' ').join('|')})\\b`, 'y');

const python = ruleTokenizer([
  [/#[^\n]*/y, 'com'],
  [/(?:[rRbBuUfF]{1,2})?(?:'''[\s\S]*?(?:'''|$(?![\s\S]))|"""[\s\S]*?(?:"""|$(?![\s\S])))/y, 'str'],
  [/(?:[rRbBuUfF]{1,2})?(?:'(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?)/y, 'str'],
  [/@[\p{L}_][\p{L}\p{N}_.]*/uy, 'deco'],
  [/(?<=\b(?:def|class)\s+)[\p{L}_][\p{L}\p{N}_]*/uy, 'fn'],
  [
    words(
      'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case',
    ),
    'kw',
  ],
  [words('print len range open str int float dict list set tuple bool type object super isinstance self cls'), 'builtin'],
  [/\b(?:0[xX][\da-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?j?|\.\d[\d_]*(?:[eE][+-]?\d+)?j?)/y, 'num'],
  [/[-+*/%=<>!&|^~:]+/y, 'op'],
]);

const shellRules: Rule[] = [
  [/(?<=^|[\s;|&(])#[^\n]*/y, 'com'],
  [/'[^']*'?/y, 'str'],
  [/"(?:\\.|[^"\\])*"?/y, 'str'],
  [/\$(?:\{[^}\n]*\}?|\([^)\n]*\)?|[\p{L}_][\p{L}\p{N}_]*|[0-9#?$!@*-])/uy, 'var'],
  [words('if then else elif fi for in do done while until case esac function return export local select break continue'), 'kw'],
  [/(?<=^|[\s;|&(])(?:sudo|cd|echo|cat|grep|sed|awk|ls|cp|mv|rm|mkdir|chmod|chown|systemctl|service|apt-get|apt|yum|dnf|pip|pip3|python|python3|git|curl|wget|openstack|designate|tar|export|source|set|kill|ps|docker|kubectl)(?=$|[\s;|&)])/y, 'builtin'],
  [/(?<=\s)--?[\p{L}\p{N}][\p{L}\p{N}_-]*/uy, 'key'],
  [/\b\d+\b/y, 'num'],
  [/[|&;<>()]+|\\$/my, 'op'],
];
const bash = ruleTokenizer(shellRules);

/** A shell session: prompt lines (`$ `, `# `, `(venv) $ `, `user@host:~$ `) are commands, the rest output. */
const consoleTokens: Tokenizer = (code) => {
  const out: Token[] = [];
  const lines = code.split('\n');
  let continued = false;
  lines.forEach((line, k) => {
    const prompt = /^(?:\([^)\n]*\)\s*)?(?:[\w.-]+@[\w.-]+(?::[^$#\n]*)?)?[$#>%]\s|^>>>\s|^\.\.\.\s/.exec(line);
    if (prompt || continued) {
      const p = prompt ? prompt[0] : '';
      if (p) push(out, p, 'prompt');
      for (const t of bash(line.slice(p.length))) push(out, t.text, t.cls);
      continued = /\\$/.test(line);
    } else if (line) push(out, line, 'out');
    if (k < lines.length - 1) push(out, '\n', undefined);
  });
  return out;
};

/** A Python session: `>>>` and `...` lines are code, the rest output. */
const pycon: Tokenizer = (code) => {
  const out: Token[] = [];
  const lines = code.split('\n');
  lines.forEach((line, k) => {
    const prompt = /^(?:>>>|\.\.\.)(?: |$)/.exec(line);
    if (prompt) {
      push(out, prompt[0], 'prompt');
      for (const t of python(line.slice(prompt[0].length))) push(out, t.text, t.cls);
    } else if (line) push(out, line, 'out');
    if (k < lines.length - 1) push(out, '\n', undefined);
  });
  return out;
};

const ini: Tokenizer = (code) => {
  const out: Token[] = [];
  const lines = code.split('\n');
  lines.forEach((line, k) => {
    const lead = /^\s*/.exec(line)![0];
    if (lead) push(out, lead, undefined);
    const rest = line.slice(lead.length);
    let m: RegExpExecArray | null;
    if (/^[;#]/.test(rest)) push(out, rest, 'com');
    else if ((m = /^(\[[^\]\n]*\]?)(.*)$/.exec(rest))) {
      push(out, m[1], 'sec');
      if (m[2]) push(out, m[2], /^\s*[;#]/.test(m[2]) ? 'com' : undefined);
    } else if ((m = /^([^=:\s][^=:]*?)(\s*[=:]\s*)(.*)$/.exec(rest))) {
      push(out, m[1], 'key');
      push(out, m[2], 'op');
      if (m[3]) push(out, m[3], /^(?:true|false|yes|no|on|off|none)$/i.test(m[3].trim()) ? 'lit' : /^-?\d+(?:\.\d+)?$/.test(m[3].trim()) ? 'num' : 'str');
    } else if (rest) push(out, rest, undefined);
    if (k < lines.length - 1) push(out, '\n', undefined);
  });
  return out;
};

const yamlValue = ruleTokenizer([
  [/(?<=^|\s)#[^\n]*/y, 'com'],
  [/'(?:''|[^'\n])*'?/y, 'str'],
  [/"(?:\\.|[^"\\\n])*"?/y, 'str'],
  [/[&*][\p{L}\p{N}_-]+/uy, 'var'],
  [/!{1,2}[\p{L}\p{N}_/:.-]*/uy, 'deco'],
  [/\b(?:true|false|yes|no|on|off|null|True|False|Yes|No|On|Off|Null|NULL|TRUE|FALSE)\b(?=\s*(?:$|#|,|\]|\}))/y, 'lit'],
  [/[-+]?(?:\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.inf|\.nan)(?=\s*(?:$|#|,|\]|\}))/y, 'num'],
  [/[[\]{},|>]/y, 'op'],
]);

const yaml: Tokenizer = (code) => {
  const out: Token[] = [];
  const lines = code.split('\n');
  lines.forEach((line, k) => {
    let m: RegExpExecArray | null;
    if (/^(?:---|\.\.\.)\s*$/.test(line)) push(out, line, 'op');
    else if ((m = /^(\s*(?:-\s+)*)((?:"(?:\\.|[^"\\])*"|'(?:''|[^'])*'|[^\s#'"][^:#\n]*?))(\s*:)(?=\s|$)(.*)$/.exec(line))) {
      if (m[1]) push(out, m[1], m[1].includes('-') ? 'op' : undefined);
      push(out, m[2], 'key');
      push(out, m[3], 'op');
      for (const t of yamlValue(m[4])) push(out, t.text, t.cls);
    } else if ((m = /^(\s*-)(\s.*|)$/.exec(line))) {
      push(out, m[1], 'op');
      for (const t of yamlValue(m[2])) push(out, t.text, t.cls);
    } else for (const t of yamlValue(line)) push(out, t.text, t.cls);
    if (k < lines.length - 1) push(out, '\n', undefined);
  });
  return out;
};

const json = ruleTokenizer([
  [/\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$(?![\s\S]))/y, 'com'],
  [/"(?:\\.|[^"\\\n])*"(?=\s*:)/y, 'key'],
  [/"(?:\\.|[^"\\\n])*"?/y, 'str'],
  [/\b(?:true|false|null)\b/y, 'lit'],
  [/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y, 'num'],
  [/[{}[\],:]/y, 'op'],
]);

const dot = ruleTokenizer([
  [/\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$(?![\s\S]))|(?<=^|\n)\s*#[^\n]*/y, 'com'],
  [/"(?:\\.|[^"\\])*"?/y, 'str'],
  [/\b(?:strict|graph|digraph|subgraph|node|edge)\b/iy, 'kw'],
  [/[\p{L}_][\p{L}\p{N}_]*(?=\s*=)/uy, 'key'],
  [/-?(?:\.\d+|\d+(?:\.\d*)?)/y, 'num'],
  [/->|--|[=;,[\]{}]/y, 'op'],
]);

const LANGUAGES: Record<string, Tokenizer> = {};
const alias = (tokenizer: Tokenizer, names: string) => {
  for (const n of names.split(' ')) LANGUAGES[n] = tokenizer;
};
alias(python, 'python python3 py py3 ipython sage');
alias(pycon, 'pycon');
alias(bash, 'bash sh shell zsh ksh');
alias(consoleTokens, 'console shell-session bash-session sh-session shellsession doscon ps1con');
alias(ini, 'ini cfg dosini conf toml properties');
alias(yaml, 'yaml yml');
alias(json, 'json json5 jsonc javascript js');
alias(dot, 'dot graphviz gv');

/** The tokens of `code` in `language` (lower-cased alias), or undefined when the language is not known. */
export function tokenize(code: string, language: string): Token[] | undefined {
  const t = LANGUAGES[language.trim().toLowerCase()];
  if (!t) return undefined;
  try {
    return t(code);
  } catch {
    return undefined; // a tokeniser bug must never break the preview: the code is shown plain
  }
}

export function isKnownLanguage(language: string): boolean {
  return LANGUAGES[language.trim().toLowerCase()] !== undefined;
}

/**
 * HTML lines of highlighted code: one string per source line, each with its spans closed, so lines can be
 * numbered or emphasised. Plain text (escaped) when the language is unknown.
 */
export function highlightLines(code: string, language: string | undefined): string[] {
  const tokens = (language && tokenize(code, language)) || [{ text: code }];
  const lines: string[] = [''];
  for (const t of tokens) {
    const parts = t.text.split('\n');
    parts.forEach((part, k) => {
      if (k > 0) lines.push('');
      if (part) lines[lines.length - 1] += t.cls ? `<span class="hl-${t.cls}">${escapeHtml(part)}</span>` : escapeHtml(part);
    });
  }
  return lines;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}
