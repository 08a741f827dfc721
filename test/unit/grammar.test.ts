import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

/**
 * The TextMate grammars with the real tokenizer (vscode-textmate + the oniguruma wasm VS Code uses): the
 * injection that highlights DOT inside graphviz/graph/digraph directives of `source.rst`, on the example
 * guide, and `source.dot` for .dot/.gv files.
 *
 * The host grammar is VS Code's own reStructuredText grammar when the e2e tools have installed
 * code-server (as `.ci/run` does); without it, a host grammar that only knows its scope name, so the
 * injection is tested on its own.
 */
const repo = path.resolve(__dirname, '../../..');
const vscodeRst = path.join(repo, 'test/e2e/.tools/code-server/node_modules/code-server/lib/vscode/extensions/restructuredtext/syntaxes/rst.tmLanguage.json');
const grammarFiles: Record<string, string> = {
  'source.dot': path.join(repo, 'syntaxes/dot.tmLanguage.json'),
  'rst.injection.graphviz': path.join(repo, 'syntaxes/rst-graphviz.injection.tmLanguage.json'),
};
const usingVsCodeRst = fs.existsSync(vscodeRst);

let registry: vsctm.Registry;
before(async () => {
  const wasm = fs.readFileSync(path.join(repo, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName === 'source.rst') {
        if (usingVsCodeRst) return vsctm.parseRawGrammar(fs.readFileSync(vscodeRst, 'utf8'), vscodeRst);
        return vsctm.parseRawGrammar(JSON.stringify({ scopeName: 'source.rst', patterns: [] }), 'host.json');
      }
      const file = grammarFiles[scopeName];
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
    getInjections: (scopeName) => (scopeName === 'source.rst' ? ['rst.injection.graphviz'] : undefined),
  });
});

interface Tok {
  line: number;
  text: string;
  scopes: string[];
}

async function tokenize(scope: string, text: string): Promise<Tok[]> {
  const grammar = await registry.loadGrammar(scope);
  assert.ok(grammar, scope);
  const out: Tok[] = [];
  let state = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, n) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ line: n, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  });
  return out;
}

/** The scopes of the first token on `line` whose text is `text` (trimmed). */
function scopesOf(toks: Tok[], line: number, text: string): string[] {
  const t = toks.find((x) => x.line === line && x.text.trim() === text);
  assert.ok(t, `no token "${text}" on line ${line + 1}: ${JSON.stringify(toks.filter((x) => x.line === line).map((x) => x.text))}`);
  return t.scopes;
}

test('DOT inside the graphviz directives of the example guide is highlighted', { timeout: 30000 }, async (t) => {
  t.diagnostic(usingVsCodeRst ? "host grammar: VS Code's reStructuredText grammar" : 'host grammar: a stand-in (code-server not installed)');
  const text = fs.readFileSync(path.join(repo, 'examples/ha.rst'), 'utf8');
  const lines = text.split(/\r?\n/);
  const toks = await tokenize('source.rst', text);
  const directives = lines.map((l, i) => (/^\.\. graphviz::/.test(l) ? i : -1)).filter((i) => i >= 0);
  assert.ok(directives.length >= 5, `${directives.length} graphviz directives`);
  for (const d of directives) {
    assert.ok(scopesOf(toks, d, 'graphviz').includes('keyword.control.directive.graphviz.rst'));
    const open = lines.findIndex((l, i) => i > d && /^\s+digraph\b/.test(l));
    const s = scopesOf(toks, open, 'digraph');
    assert.ok(s.includes('meta.embedded.block.graphviz.rst') && s.includes('storage.type.graph.dot'), s.join(' '));
    // An edge operator and a string somewhere in the block.
    const end = lines.findIndex((l, i) => i > open && /^\S/.test(l));
    const block = toks.filter((x) => x.line > open && x.line < end);
    assert.ok(block.some((x) => x.text === '->' && x.scopes.includes('keyword.operator.edge.dot')), 'edge operator');
    assert.ok(block.some((x) => x.scopes.includes('string.quoted.double.dot')), 'string');
    assert.ok(block.some((x) => x.scopes.includes('entity.other.attribute-name.dot')), 'attribute name');
    // The first line after the block is RST again.
    assert.ok(toks.filter((x) => x.line === end).every((x) => !x.scopes.includes('meta.embedded.block.graphviz.rst')), `line ${end + 1} is still DOT`);
  }
  // Other directives are not DOT.
  const ini = lines.findIndex((l) => /^\.\. code-block:: ini/.test(l));
  assert.ok(ini >= 0);
  assert.ok(toks.filter((x) => x.line > ini && x.line < ini + 4).every((x) => !x.scopes.some((s) => s.endsWith('.dot'))));
});

test('options, arguments, graph/digraph and substitution forms, nested directives', { timeout: 30000 }, async () => {
  const text = [
    '* A list item:',
    '',
    '  .. graphviz:: figs/flow.dot',
    '     :layout: neato',
    '',
    '.. |g| digraph:: deps',
    '',
    '   a -> b [color=red] // comment',
    '',
    '.. Graph:: U',
    '   :caption: An *undirected* graph',
    '',
    '   x -- y',
    'After.',
  ].join('\n');
  const toks = await tokenize('source.rst', text);
  assert.ok(scopesOf(toks, 2, 'figs/flow.dot').includes('string.unquoted.directive-argument.graphviz.rst'));
  assert.ok(scopesOf(toks, 3, 'layout').includes('entity.other.attribute-name.option.graphviz.rst'));
  assert.ok(scopesOf(toks, 3, 'neato').includes('string.unquoted.option-value.graphviz.rst'));
  assert.ok(scopesOf(toks, 5, 'digraph').includes('keyword.control.directive.graphviz.rst'));
  assert.ok(scopesOf(toks, 7, 'color').includes('entity.other.attribute-name.dot'));
  assert.ok(scopesOf(toks, 7, '//').includes('comment.line.double-slash.dot'));
  assert.ok(scopesOf(toks, 9, 'Graph').includes('keyword.control.directive.graphviz.rst'));
  assert.ok(scopesOf(toks, 12, '--').includes('keyword.operator.edge.dot'));
  assert.ok(toks.filter((x) => x.line === 13).every((x) => !x.scopes.includes('meta.embedded.block.graphviz.rst')));
});

test('source.dot: comments, strings over lines, HTML labels, ports, numbers', { timeout: 30000 }, async () => {
  const dot = [
    '/* a',
    '   block comment */',
    '# preprocessor line',
    'strict digraph "G" {',
    '  node [shape=box, width=1.5];',
    '  a:n -> b:p1:sw;',
    '  c [label="two',
    'lines \\" quote"];',
    '  d [label=<<b>bold</b> <i>it</i>>];',
    '  subgraph cluster_x { e -- f }',
    '}',
  ].join('\n');
  const toks = await tokenize('source.dot', dot);
  assert.ok(scopesOf(toks, 1, 'block comment').includes('comment.block.dot'));
  assert.ok(scopesOf(toks, 2, 'preprocessor line').includes('comment.line.number-sign.dot'));
  assert.ok(scopesOf(toks, 3, 'strict').includes('storage.type.graph.dot'));
  assert.ok(scopesOf(toks, 4, 'node').includes('keyword.other.default-attributes.dot'));
  assert.ok(scopesOf(toks, 4, '1.5').includes('constant.numeric.dot'));
  assert.ok(scopesOf(toks, 5, 'n').includes('constant.language.compass.dot'));
  assert.ok(scopesOf(toks, 5, 'sw').includes('constant.language.compass.dot'));
  assert.ok(scopesOf(toks, 7, 'lines').includes('string.quoted.double.dot'));
  assert.ok(scopesOf(toks, 7, '\\"').includes('constant.character.escape.dot'));
  assert.ok(scopesOf(toks, 8, 'b').includes('entity.name.tag.dot'));
  assert.ok(scopesOf(toks, 8, 'bold').includes('string.unquoted.html-label.dot'));
  assert.ok(scopesOf(toks, 9, 'subgraph').includes('storage.type.graph.dot'));
  assert.ok(scopesOf(toks, 9, 'e').includes('variable.other.node.dot'));
});
