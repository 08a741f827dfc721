import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyDestination, docReference, downloadReference, freeName, imageBlocks, placeBlock, relativeTo, urlLink } from '../../client/src/editing/rstInsert';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';

const registry = createRegistry([], []);

/**
 * What a drop or a paste writes into a document (client/src/editing/rstInsert.ts). Each inserted block is parsed
 * by the real RST parser: it must come out as a directive of its own, the text around it unchanged.
 */

/** The text after inserting an image block for `path` at `$0`, the way the drop provider assembles it. */
function dropImage(raw: string, kind: 'image' | 'figure', paths = ['img/arch.png']): string {
  const at = raw.indexOf('$0');
  const text = raw.replace('$0', '');
  const lines = text.split('\n');
  const lineNo = text.slice(0, at).split('\n').length - 1;
  const ch = at - (text.lastIndexOf('\n', at - 1) + 1);
  const blank = (n: number) => n < 0 || n >= lines.length || !lines[n].trim();
  const p = placeBlock(lines[lineNo], ch, blank(lineNo - 1), blank(lineNo + 1));
  const body = imageBlocks(paths, kind, p.indent).map((b) => b.before + (b.placeholder ?? '') + b.after).join('');
  return text.slice(0, at) + p.prefix + body + p.suffix + text.slice(at);
}

function kinds(text: string): string[] {
  return parseRst(text, { registry }).blocks.map((b) => (b.kind === 'directive' ? `${b.name}:${b.argument}` : b.kind));
}

test('an image dropped on a blank line between paragraphs: a directive of its own, blank lines kept', () => {
  const out = dropImage('First paragraph.\n$0\nSecond paragraph.\n', 'image');
  assert.equal(out, 'First paragraph.\n\n.. image:: img/arch.png\n\nSecond paragraph.\n');
  assert.deepEqual(kinds(out), ['paragraph', 'image:img/arch.png', 'paragraph']);
  assert.equal(dropImage('A.\n\n$0\n\nB.\n', 'image'), 'A.\n\n.. image:: img/arch.png\n\nB.\n');
});

test('an image dropped inside a line of text breaks the paragraph around it; at a line start it goes before', () => {
  const mid = dropImage('See the picture $0below.\n', 'image');
  assert.equal(mid, 'See the picture \n\n.. image:: img/arch.png\n\nbelow.\n');
  assert.deepEqual(kinds(mid), ['paragraph', 'image:img/arch.png', 'paragraph']);
  const start = dropImage('Intro.\n\n$0Text here.\n', 'image');
  assert.equal(start, 'Intro.\n\n.. image:: img/arch.png\n\nText here.\n');
  // In an indented body (a list item), at its indentation.
  const item = dropImage('- item one\n\n  $0text of it\n', 'image');
  assert.equal(item, '- item one\n\n  .. image:: img/arch.png\n\n  text of it\n');
});

test('a figure has a caption placeholder indented under it; several images, one block each', () => {
  const fig = dropImage('Intro.\n\n$0\n', 'figure');
  assert.equal(fig, 'Intro.\n\n.. figure:: img/arch.png\n\n   Caption\n');
  assert.deepEqual(kinds(fig), ['paragraph', 'figure:img/arch.png']);
  const two = dropImage('$0\n', 'image', ['a.png', 'my pic.png']);
  assert.equal(two, '.. image:: a.png\n\n.. image:: my\\ pic.png\n');
  assert.deepEqual(kinds(two), ['image:a.png', 'image:my\\ pic.png']);
});

test('documents and other files: :doc: without .rst, :download: with a title; what a role cannot hold is refused', () => {
  assert.equal(docReference('../admin/ha.rst'), ':doc:`../admin/ha`');
  assert.equal(docReference('my docs/page.rst'), ':doc:`my docs/page`');
  assert.equal(docReference('odd`name.rst'), undefined);
  assert.equal(downloadReference('run.sh', 'files/run.sh'), ':download:`run.sh <files/run.sh>`');
  assert.equal(relativeTo('/ws/doc/guide', '/ws/doc/images/a.png'), '../images/a.png');
  assert.equal(relativeTo('/ws/doc', '/ws/doc/a.png'), 'a.png');
});

test('a URL pasted over selected text makes a link; anything else is left to the plain paste', () => {
  assert.equal(urlLink('tooz drivers', 'https://docs.openstack.org/tooz/latest/'), '`tooz drivers <https://docs.openstack.org/tooz/latest/>`_');
  assert.equal(urlLink('a <b>', 'https://x.example/'), '`a \\<b> <https://x.example/>`_');
  assert.equal(urlLink('', 'https://x.example/'), undefined);
  assert.equal(urlLink('text', 'not a url'), undefined);
  assert.equal(urlLink('text', 'https://a.example/ and more'), undefined);
  assert.equal(urlLink('two\nlines', 'https://x.example/'), undefined);
  assert.equal(urlLink('code `x`', 'https://x.example/'), undefined);
  assert.equal(urlLink('javascript', 'javascript:alert(1)'), undefined);
  const parsed = parseRst(`See ${urlLink('the guide', 'https://x.example/g')}.\n`, { registry });
  assert.equal(parsed.problems.length, 0);
});

test('where a copied file goes: beside the document, or as the setting says', () => {
  const doc = { path: '/ws/doc/guide/setup.rst', workspaceFolder: '/ws' };
  assert.equal(copyDestination({}, () => true, doc, 'shot.png'), '/ws/doc/guide/shot.png');
  assert.equal(copyDestination({ '**/*.rst': '/_static/images/' }, () => true, doc, 'shot.png'), '/ws/_static/images/shot.png');
  assert.equal(copyDestination({ '**/*.rst': 'media/${documentBaseName}-${fileName}' }, () => true, doc, 'shot.png'), '/ws/doc/guide/media/setup-shot.png');
  assert.equal(copyDestination({ '*.md': 'x/', '**/*.rst': '../img/' }, (g) => g.endsWith('.rst'), doc, 'a.png'), '/ws/doc/img/a.png');
});

test('a copied file never overwrites: the first free name', async () => {
  const taken = new Set(['/ws/a.png', '/ws/a-1.png']);
  assert.equal(await freeName('/ws/a.png', async (p) => taken.has(p)), '/ws/a-2.png');
  assert.equal(await freeName('/ws/b.png', async (p) => taken.has(p)), '/ws/b.png');
});
