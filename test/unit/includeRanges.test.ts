import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectIncludes, type IncludeContext } from '../../server/src/project/includes';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';

/**
 * The part of a file that `.. include::` reads with its range options, as docutils' `Include.run` cuts it
 * (`lines[startline:endline]`, a Python slice of `readlines()`, then `start-after` / `end-before`).
 */

const registry = createRegistry([], []);

/** The text a document including `inc.txt` with `options` (one `:name: value` per line) reads of `file`. */
function included(file: string, options: string): string | undefined {
  const doc = `Title\n=====\n\n.. include:: inc.txt\n${options.split('\n').filter(Boolean).map((o) => `   ${o}\n`).join('')}`;
  const ctx: IncludeContext = {
    readFile: (uri) => (uri === 'file:///p/inc.txt' ? file : undefined),
    resolve: (_from, target) => `file:///p/${target}`,
    parse: (_uri, text) => parseRst(text, { registry }),
  };
  return collectIncludes(parseRst(doc, { registry }), 'file:///p/a.rst', ctx).files[0]?.text;
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
