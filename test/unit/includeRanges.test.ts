import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createNodeLanguageService } from '../../server/src/nodeService';
import { NodeWorkspace } from '../../server/src/nodeWorkspace';
import { defaultSettings } from '../../server/src/protocol/settings';
import { repoTree } from './repoTree';
import { checkDocument } from '../../server/src/rst/checks';
import { collectIncludes, type IncludeContext } from '../../server/src/project/includes';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';

/**
 * The part of a file that `.. include::` reads with its range options, as docutils' `Include.run` cuts it
 * (`lines[startline:endline]`, a Python slice of `readlines()`, then `start-after` / `end-before`).
 */

const registry = createRegistry([], []);

/** The includes of `doc` (`a.rst`), `files` holding the other files' texts by name. */
function includes(doc: string, files: Record<string, string>) {
  const ctx: IncludeContext = {
    readFile: (uri) => files[uri.slice('file:///p/'.length)],
    resolve: (_from, target) => `file:///p/${target}`,
    parse: (_uri, text) => parseRst(text, { registry }),
  };
  return collectIncludes(parseRst(doc, { registry }), 'file:///p/a.rst', ctx).files;
}

/** The text a document including `inc.txt` with `options` (one `:name: value` per line) reads of `file`. */
function included(file: string, options: string): string | undefined {
  const doc = `Title\n=====\n\n.. include:: inc.txt\n${options.split('\n').filter(Boolean).map((o) => `   ${o}\n`).join('')}`;
  return includes(doc, { 'inc.txt': file })[0]?.text;
}

/** The transition messages of the included part of `inc.txt` as the document `doc` includes it. */
function transitionMessages(doc: string, inc: string): string[] {
  const [f] = includes(doc, { 'inc.txt': inc });
  return checkDocument(parseRst(f.text, { registry }), registry, {}, () => true, f.opening)
    .filter((p) => p.code === 'rst.transition-misplaced')
    .map((p) => p.message);
}

test('a negative :end-line: counts from the last line, a final line break starting no further line', () => {
  const file = 'a\nb\nc\nd\n';
  assert.equal(included(file, ':start-line: 1\n:end-line: -1'), 'b\nc\n');
  assert.equal(included(file, ':end-line: -1'), 'a\nb\nc\n');
  assert.equal(included(file, ':end-line: -3'), 'a\n');
  // tarantool's `_includes/indentation.rst`, cut to drop its first and last lines.
  assert.equal(included('Top line X|\n#.  Item\n|bad|\n', ':start-line: 1\n:end-line: -1'), '#.  Item\n');
});

test('a negative :start-line: counts from the last line; bounds past either end are clamped as a slice is', () => {
  const file = 'a\nb\nc\nd\n';
  assert.equal(included(file, ':start-line: -2'), 'c\nd\n');
  assert.equal(included(file, ':start-line: -1'), 'd\n');
  assert.equal(included(file, ':start-line: -10\n:end-line: 2'), 'a\nb\n');
  assert.equal(included(file, ':start-line: 3\n:end-line: 1'), '');
  assert.equal(included(file, ':start-line: 1\n:end-line: 10'), 'b\nc\nd\n');
  // No final line break: the last line is a line all the same.
  assert.equal(included('a\nb\nc', ':end-line: -1'), 'a\nb\n');
  assert.equal(included('a\r\nb\r\nc\r\n', ':start-line: -1'), 'c\r\n');
});

test('a transition first in an included part follows what precedes the include, as docutils reads it', () => {
  // ovs's README.rst, read after its title by `:start-after:`: the transition after the title comes first.
  const inc = 'Head\n\nMarker\n------\n\nBody text.\n';
  const cut = '.. include:: inc.txt\n   :start-after: Marker\n';
  assert.deepEqual(transitionMessages(`Title\n=====\n\nIntro para.\n\n${cut}`, inc), []);
  // docutils 0.19-0.21 count a comment as an element (ovs: a comment before the include).
  assert.deepEqual(transitionMessages(`Title\n=====\n\n.. a comment\n\n${cut}`, inc), []);
  // docutils 0.19 reports these two: the include first in its section, then right after a transition.
  assert.deepEqual(transitionMessages(`Title\n=====\n\n${cut}`, inc), ['Document or section may not begin with a transition.']);
  assert.deepEqual(transitionMessages(cut, inc), ['Document or section may not begin with a transition.']);
  assert.deepEqual(transitionMessages(`Title\n=====\n\nPara.\n\n----\n\n${cut}`, inc), ['At least one body element must separate transitions; adjacent transitions are not allowed.']);
  // A section of the included part itself still may not begin with one.
  assert.deepEqual(transitionMessages(`Title\n=====\n\nIntro para.\n\n${cut}`, '\n----\n\nText.\n\nSub\n===\n\n----\n\nMore.\n'), ['Document or section may not begin with a transition.']);
});

test('in the editor, the labels of a document another one includes in part follow the part read, as the include changes', async () => {
  const files: Record<string, string> = {
    'docs/conf.py': 'extensions = []\n',
    'docs/index.rst': 'Idx\n===\n\n.. toctree::\n\n   a\n   k\n',
    'docs/a.rst': 'A\n=\n\n.. include:: k.rst\n   :start-after: .. start_part\n   :end-before: .. end_part\n',
    'docs/k.rst': 'K\n=\n\n.. start_part\n\n.. _in-part:\n\nShared\n------\n\nShared text.\n\n.. end_part\n\n.. _lbl:\n\nSection\n-------\n\nBody.\n',
  };
  const dir = repoTree(files, 'ha-guide-include-ranges-');
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: new NodeWorkspace([pathToFileURL(dir).href]), graphviz: false });
  const duplicates = async () =>
    (await service.computeDiagnostics({ uri: uri('docs/k.rst'), version: 1, getText: () => files['docs/k.rst'] })).filter((d) => d.code === 'sphinx.duplicate-label').map((d) => d.message);
  try {
    for (const rel of ['docs/index.rst', 'docs/a.rst', 'docs/k.rst']) service.index.set(uri(rel), 1, files[rel]);
    assert.deepEqual(await duplicates(), ['duplicate label in-part, other instance in a.rst']);
    // The include reads the whole file now: both labels are read twice, and k.rst must be checked again.
    service.index.takeChanges();
    service.index.set(uri('docs/a.rst'), 2, 'A\n=\n\n.. include:: k.rst\n');
    assert.ok(service.usesAny(uri('docs/k.rst'), service.index.takeChanges()));
    assert.deepEqual(await duplicates(), ['duplicate label in-part, other instance in a.rst', 'duplicate label lbl, other instance in a.rst']);
    // Only the end cut off again (the same file, other options): `lbl` is no longer read twice.
    service.index.set(uri('docs/a.rst'), 3, 'A\n=\n\n.. include:: k.rst\n   :end-before: .. end_part\n');
    assert.ok(service.usesAny(uri('docs/k.rst'), service.index.takeChanges()));
    assert.deepEqual(await duplicates(), ['duplicate label in-part, other instance in a.rst']);
  } finally {
    service.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('in the editor, a transition first in a file that is no document follows what precedes its include', async () => {
  const files: Record<string, string> = {
    'docs/conf.py': 'extensions = []\n',
    'docs/index.rst': 'Idx\n===\n\nPara.\n\n.. include:: part.inc\n',
    'docs/part.inc': '----\n\nText.\n',
  };
  const dir = repoTree(files, 'ha-guide-include-ranges-');
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: new NodeWorkspace([pathToFileURL(dir).href]), graphviz: false });
  const transitions = async () =>
    (await service.computeDiagnostics({ uri: uri('docs/part.inc'), version: 1, getText: () => files['docs/part.inc'] })).filter((d) => d.code === 'rst.transition-misplaced').map((d) => d.message);
  try {
    service.index.set(uri('docs/index.rst'), 1, files['docs/index.rst']);
    assert.deepEqual(await transitions(), []);
    // docutils 0.19: "part.inc:1: (ERROR/3) Document or section may not begin with a transition." once the
    // include comes first in its section.
    service.index.set(uri('docs/index.rst'), 2, 'Idx\n===\n\n.. include:: part.inc\n');
    assert.deepEqual(await transitions(), ['Document or section may not begin with a transition.']);
  } finally {
    service.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
