import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPreviewable, parseLink } from '../../client/src/preview/links';
import { SourceLineMap } from '../../client/webview/lineMap';

/** What a click on a preview link means (haGuide.preview.openLinks), and where the preview's top is. */

test('links: external ones leave, other schemes are ignored, documents carry a line or an element id', () => {
  assert.deepEqual(parseLink('https://docs.openstack.org/x'), { kind: 'external', href: 'https://docs.openstack.org/x' });
  assert.deepEqual(parseLink('mailto:a@b.c'), { kind: 'external', href: 'mailto:a@b.c' });
  assert.deepEqual(parseLink('irc://oftc.net/#openstack-dns'), { kind: 'external', href: 'irc://oftc.net/#openstack-dns' });
  assert.deepEqual(parseLink('command:workbench.action.quit'), { kind: 'ignored' });
  assert.deepEqual(parseLink('javascript:alert(1)'), { kind: 'ignored' });
  // A :ref: to a label of another document: the renderer writes its 1-based line.
  assert.deepEqual(parseLink('pools.rst#L16'), { kind: 'file', path: 'pools.rst', line: 15 });
  assert.deepEqual(parseLink('../admin/pools.rst'), { kind: 'file', path: '../admin/pools.rst' });
  assert.deepEqual(parseLink('my%20guide.rst#section-two'), { kind: 'file', path: 'my guide.rst', fragment: 'section-two' });
  assert.deepEqual(parseLink('bad%zz.rst#L0'), { kind: 'file', path: 'bad%zz.rst', line: 0 });
  assert.deepEqual(parseLink('files/sample.conf'), { kind: 'file', path: 'files/sample.conf' });
  assert.ok(isPreviewable('a/b/pools.rst'));
  assert.ok(!isPreviewable('files/sample.conf'));
});

test('top: the editor at line 1 shows the page from its very top, padding and first heading included', () => {
  // The page's first element (a label at line 0) sits 16 px down, below the page's padding.
  const map = new SourceLineMap([
    { line: 0, endLine: 0, top: 16, height: 0 },
    { line: 2, endLine: 3, top: 16, height: 40 },
    { line: 5, endLine: 5, top: 80, height: 20 },
  ]);
  assert.equal(map.offsetForLine(0), 16, 'the element itself is 16 px down (the positive control)');
  assert.equal(map.scrollTopForLine(0), 0);
  // A document starting with a heading at line 2 (the lines above are blank): still the top.
  const heading = new SourceLineMap([{ line: 2, endLine: 3, top: 16, height: 40 }]);
  assert.equal(heading.scrollTopForLine(0), 0);
  assert.equal(heading.scrollTopForLine(2), 0);
  // Below the first element, the line's own place.
  assert.equal(map.scrollTopForLine(5), 80);
  assert.equal(new SourceLineMap([]).scrollTopForLine(0), undefined);
});
