import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildLineStarts, lineOfOffset, offsetToPosition } from '../../server/src/common/lines';
import { buildLines } from '../../server/src/rst/lines';
import { LruMap } from '../../server/src/common/lru';
import { URI } from 'vscode-uri';
import { baseName, dirOf, fileUriToPath, joinUri, parentOf, pathToUri, relativePath, safeDecode, toPath } from '../../server/src/common/uri';

describe('common/uri', () => {
  test('folders, parents, joins and relative paths of URIs', () => {
    assert.equal(dirOf('file:///g/a/b.rst'), 'file:///g/a/');
    assert.equal(baseName('file:///g/a/b%20c.rst'), 'b%20c.rst');
    assert.equal(parentOf('file:///g/a/'), 'file:///g/');
    assert.equal(parentOf('file:///'), undefined);
    assert.equal(joinUri('file:///g/a/', '../b/c d.rst'), 'file:///g/b/c%20d.rst');
    // A target is a file name as the author writes it (Sphinx reads `x%41.rst` as that name, not as `xA.rst`).
    assert.equal(joinUri('file:///g/a/', 'x%41.rst'), 'file:///g/a/x%2541.rst', 'a % in a target is part of the name');
    // The folder's own escapes are read as escapes: its segments come back spelled as VS Code spells them.
    assert.equal(joinUri('file:///g/a+b/', 'c.rst'), 'file:///g/a%2Bb/c.rst');
    assert.equal(joinUri('file:///g/a/', 'x%41.rst', { normalize: true }), 'file:///g/a/xA.rst');
    assert.equal(joinUri('file:///g/', 'sub/', { folder: true }), 'file:///g/sub/');
    assert.equal(joinUri('file:///g/', 'sub/'), 'file:///g/sub');
    assert.equal(relativePath('file:///g/a/b.rst', 'file:///g/c/d%20e.rst'), '../c/d e.rst');
  });

  test('a joined URI is spelled as VS Code spells the same file (URI.file), for every printable ASCII character', () => {
    for (let c = 32; c < 127; c++) {
      const ch = String.fromCharCode(c);
      if (ch === '/' || ch === '.') continue;
      assert.equal(joinUri('file:///g/', `x${ch}y.rst`), URI.file(`/g/x${ch}y.rst`).toString(), JSON.stringify(ch));
    }
    assert.equal(joinUri('vscode-vfs://github/o/r/doc/', 'a+b é.rst'), 'vscode-vfs://github/o/r/doc/a%2Bb%20%C3%A9.rst');
    assert.equal(pathToUri('/g/a+b@c.rst'), 'file:///g/a%2Bb%40c.rst');
    assert.equal(toPath('file:///g/a%2Bb%40c.rst'), '/g/a+b@c.rst');
  });

  test('malformed escapes and lone surrogates never throw', () => {
    assert.equal(safeDecode('%zz'), '%zz');
    assert.equal(relativePath('file:///g/a.rst', 'file:///g/%zz.rst'), '%zz.rst');
    assert.equal(joinUri('file:///g/', 'a\ud800b.rst'), 'file:///g/a%EF%BF%BDb.rst');
    assert.equal(joinUri('file:///g/', '%zz\udc00', { normalize: true }), 'file:///g/%25zz%EF%BF%BD');
    assert.equal(fileUriToPath('file:///g/%zz'), undefined);
    assert.equal(fileUriToPath('file:///c%3A/g/a%20b.rst'), 'c:/g/a b.rst');
    assert.equal(toPath('untitled:1'), undefined);
    assert.equal(toPath('file://%zz'), undefined);
    // A path that starts with `//` and no authority: vscode-uri refuses to parse it; no path, no exception.
    assert.equal(toPath('file:////x/a.rst'), undefined);
    // A path with a lone surrogate (a document naming `g\ud800.dot`): the file system writes it as U+FFFD.
    assert.equal(pathToUri('/g/a\ud800b.dot'), 'file:///g/a%EF%BF%BDb.dot');
  });
});

describe('common/lines', () => {
  test('line starts for \\n, \\r\\n and a lone \\r, and the line of an offset', () => {
    const starts = buildLineStarts('a\nbc\r\nd\re');
    assert.deepEqual(starts, [0, 2, 6, 8]);
    assert.deepEqual([0, 1, 2, 5, 6, 7, 8, 99].map((o) => lineOfOffset(starts, o)), [0, 0, 1, 1, 2, 2, 3, 3]);
    assert.deepEqual(offsetToPosition(starts, 7), { line: 2, character: 1 });
    assert.deepEqual(offsetToPosition(starts, -3), { line: 0, character: 0 });
  });

  test('the parser\'s line table breaks lines where buildLineStarts does (summaries take their starts from it)', () => {
    const texts = ['', '\n', 'a', 'a\n', '\n\nb', 'a\r\nb\rc\n', '\r', '\r\n\r\n', 'x\r\r\ny\n\rz', '  a\n\tb\n'];
    for (const t of texts) {
      const table = buildLines(t);
      assert.deepEqual([...table.start], buildLineStarts(t), JSON.stringify(t));
      assert.equal(table.length, table.start.length, JSON.stringify(t)); // counted exactly before it is filled
      assert.deepEqual(buildLineStarts(t), slowStarts(t), JSON.stringify(t));
    }
  });
});

/** Line starts by the definition, one character at a time. */
function slowStarts(t: string): number[] {
  const out = [0];
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '\r' && t[i + 1] === '\n') i++;
    if (t[i] === '\n' || t[i] === '\r') out.push(i + 1);
  }
  return out;
}

describe('common/lru', () => {
  test('drops the least recently used entry beyond its capacity', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    assert.equal(m.get('a'), 1); // a is now the most recent
    m.set('c', 3);
    assert.deepEqual([...m.keys()], ['a', 'c']);
    assert.equal(m.peek('a'), 1);
    m.set('d', 4); // peek did not mark a as used
    assert.deepEqual([...m.keys()], ['c', 'd']);
  });

  test('bounded by weight, keeping the newest entry however heavy', () => {
    const m = new LruMap<string, string>(10, (k) => k.length, 5);
    m.set('aa', '').set('bbb', '');
    m.set('cc', '');
    assert.deepEqual([...m.keys()], ['bbb', 'cc']);
    m.set('dddddddd', '');
    assert.deepEqual([...m.keys()], ['dddddddd']);
    m.delete('dddddddd');
    m.set('ee', '').set('ff', '');
    assert.deepEqual([...m.keys()], ['ee', 'ff']);
  });

  test('capacity 0 keeps nothing', () => {
    const m = new LruMap<string, number>(0);
    m.set('a', 1);
    assert.equal(m.size, 0);
  });
});
