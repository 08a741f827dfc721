import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createLanguageService } from '../../server/src/languageService';
import { checkDocument } from '../../server/src/rst/checks';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry, type RegistryExtras } from '../../server/src/rst/registry';

/**
 * Sphinx looks an unprefixed directive or role up in the default domain first: conf.py's `primary_domain`
 * (`py` unless it says otherwise), or the one the last `.. default-domain::` before it set
 * (sphinx/util/docutils.py `lookup_domain_element`; sphinx/domains/c, cpp, javascript.py, rst.py for the names).
 * Sphinx's own test roots test-domain-c and test-domain-cpp build with these names.
 */
const CLI = path.resolve(__dirname, '../../../dist/cli.js');

/** The unknown directives and roles of a text: `line code name`. */
function unknowns(text: string, extras: RegistryExtras = {}): string[] {
  const registry = createRegistry([], [], extras);
  const doc = parseRst(text, { registry });
  const line = (o: number) => text.slice(0, o).split('\n').length;
  return [...doc.problems, ...checkDocument(doc, registry)]
    .filter((p) => p.code === 'rst.unknown-directive' || p.code === 'rst.unknown-role')
    .map((p) => `${line(p.start)} ${p.code} ${text.slice(p.start, p.end)}`)
    .sort((a, b) => parseInt(a) - parseInt(b));
}

const DOC = [
  '.. namespace:: before', // 1: unknown, Python's domain has no namespace
  '',
  'Before: :texpr:`int` and :func:`f`.', // 3: texpr unknown; func is Python's
  '',
  '.. default-domain:: cpp',
  '',
  '.. namespace:: ns', // 7
  '',
  '.. function:: void f(int a)', // 9: cpp:function, its content RST
  '',
  '   Takes :var:`a`, an :texpr:`int`.', // 11
  '',
  '- In a list: :enumerator:`E::A`.', // 13
  '',
  '.. default-domain:: c',
  '',
  '.. macro:: M', // 17: c's
  '.. concept:: C', // 18: cpp's only: unknown under c
  '',
  'Then :macro:`M`, :concept:`C`.', // 20: concept unknown
  '',
  '.. default-domain:: py',
  '',
  'Back: :texpr:`int`.', // 24: unknown again
  '',
].join('\n');

test('a .. default-domain:: makes its domain\'s names known from there on, and only its own', () => {
  assert.deepEqual(unknowns(DOC), [
    '1 rst.unknown-directive namespace',
    '3 rst.unknown-role texpr',
    '18 rst.unknown-directive concept',
    '20 rst.unknown-role concept',
    '24 rst.unknown-role texpr',
  ]);
});

test("conf.py's primary_domain is every document's default domain until a .. default-domain::", () => {
  assert.deepEqual(unknowns(DOC, { primaryDomain: 'cpp' }), [
    '18 rst.unknown-directive concept',
    '20 rst.unknown-role concept',
    '24 rst.unknown-role texpr',
  ]);
  assert.deepEqual(unknowns('.. macro:: M\n\n:macro:`M` and :expr:`1 + 1`.\n', { primaryDomain: 'c' }), []);
  assert.deepEqual(unknowns('.. macro:: M\n\n:macro:`M`.\n', { primaryDomain: 'js' }), ['1 rst.unknown-directive macro', '3 rst.unknown-role macro']);
  // The reST domain's names hold a colon of their own.
  assert.deepEqual(unknowns('.. default-domain:: rst\n\n.. directive:: foo\n.. directive:option:: bar\n\n:dir:`foo`, :role:`x`.\n'), []);
});

test("an extension's domain is a default domain too: its names without the prefix", () => {
  const extras: RegistryExtras = {
    directives: [{ name: 'http:get', required: 1, optional: 0, finalWhitespace: true, options: { noindex: 'flag' }, content: 'optional', body: 'rst' }],
    roles: ['http:get'],
  };
  const text = '.. get:: /a\n\n.. default-domain:: http\n\n.. get:: /b\n   :noindex:\n   :bad:\n\n   See :get:`/a`.\n';
  const registry = createRegistry([], [], extras);
  const doc = parseRst(text, { registry });
  const problems = [...doc.problems, ...checkDocument(doc, registry)].map((p) => `${p.code} ${p.message}`);
  // Before the directive the name is unknown; after it, the extension's own spec checks its options.
  assert.deepEqual(problems, ['rst.unknown-directive Unknown directive type "get".', 'rst.directive-error Error in "get" directive: unknown option: "bad".']);
});

test("hover on a directive's or role's name says what it is; a default domain's name as its prefixed one", () => {
  const service = createLanguageService();
  const text = '.. note::\n\n   See :texpr:`int`.\n\n.. default-domain:: cpp\n\n.. namespace:: ns\n\nThen :texpr:`int` and :bogus:`y`.\n\n.. nosuch:: z\n';
  const doc = { uri: 'file:///w/t.rst', version: 1, getText: () => text };
  const at = (word: string, nth = 1) => {
    let o = -1;
    for (let k = 0; k < nth; k++) o = text.indexOf(word, o + 1);
    return service.hover(doc, o + 1)?.contents;
  };
  assert.equal(at('note'), 'Directive `note` \u2014 Admonition: a note beside the text.');
  assert.equal(at('texpr'), undefined, 'unknown before the directive');
  assert.equal(at('namespace'), 'Directive `namespace` \u2014 Describes a C++ namespace (Sphinx\u2019s C++ domain).');
  assert.equal(at('texpr', 2), 'Role `texpr` \u2014 A reference to a C++ texpr (Sphinx\u2019s C++ domain).');
  assert.equal(at('bogus'), undefined);
  assert.equal(at('nosuch'), undefined);
});

test('ha-guide lint reads primary_domain from conf.py', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-domain-'));
  try {
    const index = 'Index\n=====\n\n.. namespace:: ns\n\n.. function:: void f()\n\n   Returns :texpr:`void`.\n';
    fs.writeFileSync(path.join(dir, 'index.rst'), index);
    const lint = () => {
      const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', timeout: 120000 });
      return (JSON.parse(r.stdout || '[]') as { line: number; code: string }[]).map((x) => `${x.line} ${x.code}`);
    };
    fs.writeFileSync(path.join(dir, 'conf.py'), "project = 'x'\n");
    assert.deepEqual(lint(), ['4 rst.unknown-directive', '8 rst.unknown-role']);
    fs.writeFileSync(path.join(dir, 'conf.py'), "project = 'x'\nprimary_domain = 'cpp'\n");
    assert.deepEqual(lint(), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
