import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { EMPTY_SETTLE_MS, MAX_PREVIEW_SESSIONS, previewCommand } from '../../server/src/cli/preview';

/**
 * `ha-guide preview` as a real HTTP server on 127.0.0.1 over a temporary folder: nothing outside the
 * folder is ever served (`..`, absolute paths, symlinks), documents kept are capped and freed, and bad
 * requests get a short 4xx.
 */
const SECRET = 'SECRET-BYTES-FROM-OUTSIDE';
let tmp: string;
let root: string;
let outside: string;
let port: number;
let sessions: () => number;
let watchers: () => number;
let stderr = '';
let stop: () => void;
let done: Promise<number>;
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

before(async () => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hg-preview-')));
  root = path.join(tmp, 'docs');
  outside = path.join(tmp, 'outside');
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  fs.mkdirSync(path.join(root, 'sub'));
  fs.writeFileSync(path.join(root, 'index.rst'), 'Index\n=====\n\nSee a.rst.\n\n.. image:: img.png\n');
  fs.writeFileSync(path.join(root, 'a.rst'), 'Page A\n======\n');
  // The folder is a Sphinx project: its rst_epilog's substitutions are part of every page.
  fs.writeFileSync(path.join(root, 'conf.py'), "rst_epilog = '.. |product| replace:: HA Guide Studio'\n");
  fs.writeFileSync(path.join(root, 'product.rst'), 'Product\n=======\n\nBy |product|.\n');
  // Links between the project's documents.
  fs.writeFileSync(path.join(root, 'links.rst'), 'Links\n=====\n\nSee :ref:`label-b` and :doc:`b`.\n');
  fs.writeFileSync(path.join(root, 'b.rst'), 'Intro.\n\n.. _label-b:\n\nPage B\n======\n');
  fs.writeFileSync(path.join(root, 'img.png'), 'PNG-INSIDE');
  // Files that documents link to: a :download:, a DOT file, a file of no known type, binary bytes, a hidden file.
  fs.mkdirSync(path.join(root, 'files'));
  fs.writeFileSync(path.join(root, 'files', 'failover.sh'), 'echo failover\n');
  fs.writeFileSync(path.join(root, 'files', 'cluster.dot'), 'digraph { a -> b }\n');
  fs.writeFileSync(path.join(root, 'files', 'NOTES'), 'plain notes\n');
  fs.writeFileSync(path.join(root, 'files', 'overlay.yaml'), 'applications: {}\n');
  fs.writeFileSync(path.join(root, 'files', 'blob'), Buffer.from([1, 0, 2, 0, 3]));
  fs.writeFileSync(path.join(root, 'files', 'page.html'), '<script>parent.x = 1</script>');
  fs.mkdirSync(path.join(root, '.git'));
  fs.writeFileSync(path.join(root, '.git', 'config'), `${SECRET}\n`);
  fs.writeFileSync(path.join(root, 'files', '.env'), `${SECRET}\n`);
  fs.symlinkSync(path.join(root, '.git', 'config'), path.join(root, 'files', 'config-link.txt'));
  for (let i = 0; i < MAX_PREVIEW_SESSIONS + 20; i++) fs.writeFileSync(path.join(root, 'sub', `p${i}.rst`), `Page ${i}\n=======\n`);
  fs.writeFileSync(path.join(outside, 'secret.rst'), `${SECRET}\n`);
  fs.writeFileSync(path.join(outside, 'secret.png'), SECRET);
  fs.symlinkSync(path.join(outside, 'secret.rst'), path.join(root, 'link.rst'));
  fs.symlinkSync('../outside/secret.png', path.join(root, 'link.png'));
  fs.symlinkSync(outside, path.join(root, 'out'));
  fs.symlinkSync('loop.rst', path.join(root, 'loop.rst'));
  let resolveStop!: () => void;
  stop = () => resolveStop();
  const listening = new Promise<void>((resolve) => {
    done = previewCommand([path.join(root, 'index.rst'), '--port', '0'], { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) } }, {
      stop: new Promise<void>((r) => (resolveStop = r)),
      onListening: (s) => {
        port = s.port;
        sessions = s.sessions;
        watchers = s.watchers;
        resolve();
      },
    });
  });
  await listening;
});

after(async () => {
  stop();
  assert.equal(await done, 0);
  agent.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A GET of exactly this path (no client-side normalisation of `..` or slashes); event streams are cut after their head. */
function get(p: string, keepOpen?: (res: http.IncomingMessage, req: http.ClientRequest) => void, at = port): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: at, path: p, agent: keepOpen ? false : agent }, (res) => {
      if (keepOpen && res.headers['content-type']?.startsWith('text/event-stream')) {
        keepOpen(res, req);
        resolve({ status: res.statusCode ?? 0, body: '', headers: res.headers });
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the previewed folder is served', async () => {
  const index = await get('/');
  assert.equal(index.status, 200);
  assert.match(index.body, /Index/);
  const a = await get('/?file=a.rst');
  assert.equal(a.status, 200);
  assert.match(a.body, /Page A/);
  const img = await get(`/_hg/file?path=${encodeURIComponent(path.join(root, 'img.png'))}`);
  assert.deepEqual([img.status, img.body], [200, 'PNG-INSIDE']);
});

test("a page renders as the folder's Sphinx project does: rst_epilog's substitutions", async () => {
  const page = await get('/?file=product.rst');
  assert.equal(page.status, 200);
  assert.match(page.body, /By HA Guide Studio\./);
});

test("a page links a :ref: to a label of the project's other documents, and shows the title :doc: names, once they are read", { timeout: 120_000 }, async () => {
  // The documents are read in the background after the server starts (a large tree must not hold the first
  // page); a page asked for later is rendered with them.
  const resolved = '<a class="hg-reference hg-xref" href="b.rst#L3">Page B</a> and <a class="hg-reference hg-doc" href="b.rst">Page B</a>';
  let page = await get('/?file=links.rst');
  while (!page.body.includes(resolved)) {
    assert.match(page.body, /<p data-line="3">See /, page.body);
    await new Promise((r) => setTimeout(r, 50));
    page = await get('/?file=links.rst');
  }
  assert.equal(page.status, 200);
  assert.ok(!page.body.includes(SECRET));
});

test('nothing outside the folder comes back: .., absolute paths, symlinks', async () => {
  const enc = encodeURIComponent;
  const paths = [
    '/?file=../outside/secret.rst',
    '/?file=sub/../../outside/secret.rst',
    '/?file=%2e%2e%2foutside%2fsecret.rst',
    `/?file=${enc(path.join(outside, 'secret.rst'))}`,
    '/?file=link.rst',
    '/?file=out/secret.rst',
    '/?file=loop.rst',
    `/?file=${enc('x'.repeat(300))}.rst`,
    '/?file=a%00.rst',
    '/?file=../outside/secret.png',
    '/?file=link.png',
    '/?file=out/secret.png',
    `/?file=${enc(path.join(outside, 'secret.png'))}`,
    '/?file=.git/config',
    '/?file=files/.env',
    '/?file=files/../.git/config',
    '/?file=files/config-link.txt',
    '/_hg/events?file=link.rst',
    '/_hg/events?file=../outside/secret.rst',
    '/_hg/events?file=out/secret.rst',
    `/_hg/file?path=${enc(path.join(outside, 'secret.png'))}`,
    `/_hg/file?path=${enc(path.join(root, 'link.png'))}`,
    `/_hg/file?path=${enc(path.join(root, 'out', 'secret.png'))}`,
    `/_hg/file?path=${enc(root + '/../outside/secret.png')}`,
    `/_hg/file?path=${enc('../outside/secret.png')}`,
    '/_hg/file?path=img.png',
  ];
  for (const p of paths) {
    const r = await get(p, (res) => res.destroy());
    assert.ok(r.status === 404 || r.status === 403 || r.status === 400, `${p}: ${r.status}`);
    assert.ok(!r.body.includes(SECRET), `${p} leaked the outside file`);
  }
});

test("a link to another file of the project gets the file: typed by its name, text when unknown, a download when asked or binary, inert", async () => {
  const expect = async (p: string, type: string, disposition: string, body: string | RegExp) => {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.equal(r.headers['content-type'], type, p);
    assert.equal(r.headers['content-disposition'], disposition, p);
    if (typeof body === 'string') assert.equal(r.body, body, p);
    else assert.match(r.body, body, p);
    // Nothing it holds runs, whatever it is: an HTML file is sandboxed into an origin of its own.
    assert.match(String(r.headers['content-security-policy'] ?? ''), /^sandbox; default-src 'none'/, p);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', p);
  };
  // A script a browser would only download is shown as text by a plain link, and downloaded with its own type.
  await expect('/?file=files/failover.sh', 'text/plain; charset=utf-8', "inline; filename*=UTF-8''failover.sh", 'echo failover\n');
  await expect('/?file=files/failover.sh&download=1', 'application/x-sh', "attachment; filename*=UTF-8''failover.sh", 'echo failover\n');
  await expect('/?file=files/overlay.yaml', 'text/plain; charset=utf-8', "inline; filename*=UTF-8''overlay.yaml", 'applications: {}\n');
  await expect('/?file=files/overlay.yaml&download=1', 'text/yaml; charset=utf-8', "attachment; filename*=UTF-8''overlay.yaml", 'applications: {}\n');
  await expect('/?file=files/cluster.dot', 'text/plain; charset=utf-8', "inline; filename*=UTF-8''cluster.dot", 'digraph { a -> b }\n');
  await expect('/?file=files/NOTES', 'text/plain; charset=utf-8', "inline; filename*=UTF-8''NOTES", 'plain notes\n');
  await expect('/?file=files/blob', 'application/octet-stream', "attachment; filename*=UTF-8''blob", /^\u0001\u0000\u0002/);
  await expect('/?file=files/page.html', 'text/html; charset=utf-8', "inline; filename*=UTF-8''page.html", '<script>parent.x = 1</script>');
  // From a page in a sub-folder, as its links are written (relative to it), and the project's conf.py.
  await expect('/?file=sub/../files/NOTES', 'text/plain; charset=utf-8', "inline; filename*=UTF-8''NOTES", 'plain notes\n');
  await expect('/?file=conf.py', 'text/plain; charset=utf-8', "inline; filename*=UTF-8''conf.py", /rst_epilog/);
  // A document a :download: names downloads as it is (Sphinx copies it to _downloads/); a plain link shows its page.
  await expect('/?file=a.rst&download=1', 'text/plain; charset=utf-8', "attachment; filename*=UTF-8''a.rst", 'Page A\n======\n');
  assert.match((await get('/?file=a.rst')).body, /<h1[^>]*>Page A<\/h1>/);
  // Still only inside the project: a symbolic link to a document outside gives nothing, download or not.
  const outsideDownload = await get('/?file=link.rst&download=1');
  assert.equal(outsideDownload.status, 404);
  assert.ok(!outsideDownload.body.includes(SECRET));
  // A missing file says so; a hidden one is refused without saying whether it exists.
  const missing = await get('/?file=files/nothing.txt');
  assert.deepEqual([missing.status, missing.body], [404, 'There is no files/nothing.txt in the project.']);
  const hidden = await get('/?file=.git/config');
  assert.equal(hidden.status, 404);
  assert.match(hidden.body, /no hidden ones/);
  assert.ok(!hidden.body.includes(SECRET));
});

test('bad requests get a short 4xx, no stack trace anywhere', async () => {
  const before = stderr;
  for (const p of ['////', '//x/', '//127.0.0.1:1/', '/%', '/?file=%']) {
    const r = await get(p);
    assert.ok(r.status >= 400 && r.status < 500, `${p}: ${r.status} ${r.body}`);
    assert.doesNotMatch(r.body, /\n\s+at /, p);
    assert.ok(r.body.length < 200, `${p}: ${r.body}`);
  }
  assert.doesNotMatch(stderr.slice(before.length), /\n\s+at /);
});

test('requests for missing files keep no documents, existing ones stay capped', async () => {
  const start = sessions();
  for (let i = 0; i < 2000; i++) {
    const r = await get(`/?file=missing-${i}.rst`);
    assert.equal(r.status, 404);
  }
  assert.equal(sessions(), start, 'a missing file got a session');
  for (let i = 0; i < MAX_PREVIEW_SESSIONS + 20; i++) {
    const r = await get(`/?file=sub/p${i}.rst`);
    assert.equal(r.status, 200);
    assert.ok(sessions() <= MAX_PREVIEW_SESSIONS, `${sessions()} sessions`);
    assert.ok(watchers() <= MAX_PREVIEW_SESSIONS, `${watchers()} watchers`);
  }
});

test('a document is freed when its last page closes', async () => {
  const sse = new Promise<{ close: () => void }>((resolve, reject) => {
    get('/_hg/events?file=a.rst', (_res, req) => resolve({ close: () => req.destroy() })).then((r) => {
      if (r.status !== 200) reject(new Error(`events: ${r.status}`));
    }, reject);
  });
  const open = await sse;
  const withPage = sessions();
  assert.ok(withPage >= 1);
  open.close();
  // The server sees the close a few turns of the event loop later.
  for (let i = 0; i < 1000 && sessions() >= withPage; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(sessions(), withPage - 1);
});

/** The updates pushed to a page of `file`, as they come (the event stream is opened through `get`). */
function watchUpdates(file: string): Promise<{ htmls: string[]; next: (ok: (html: string) => boolean) => Promise<void>; close: () => void }> {
  const htmls: string[] = [];
  let waiters: { ok: (html: string) => boolean; done: () => void }[] = [];
  const next = (ok: (html: string) => boolean) => new Promise<void>((done) => (htmls.some(ok) ? done() : waiters.push({ ok, done })));
  return new Promise((resolve, reject) => {
    get(`/_hg/events?file=${encodeURIComponent(file)}`, (res, req) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buffer += d;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (!data) continue;
          const html = (JSON.parse(data[1]) as { html: string }).html;
          htmls.push(html);
          const still: typeof waiters = [];
          for (const w of waiters) if (w.ok(html)) w.done();
          else still.push(w);
          waiters = still;
        }
      });
      resolve({ htmls, next, close: () => req.destroy() });
    }).then((r) => {
      if (r.status !== 200) reject(new Error(`events: ${r.status}`));
    }, reject);
  });
}

// The time limit only turns a regression that never pushes the awaited update into a failure instead of a
// hang; the test itself takes well under a second.
test('a save in place (the file emptied, then written) never shows the empty document; a file left empty does', { timeout: 120_000 }, async () => {
  const file = path.join(root, 'inplace.rst');
  fs.writeFileSync(file, 'Title\n=====\n\nFirst text.\n');
  const page = await watchUpdates('inplace.rst');
  await page.next((html) => html.includes('First text.'));
  // The two steps of a save in place, far apart as on a busy machine (the watcher reads at its next turn),
  // yet within the time the server waits for the write after an empty read.
  const fd = fs.openSync(file, 'w');
  await new Promise((r) => setTimeout(r, EMPTY_SETTLE_MS / 3));
  fs.writeSync(fd, 'Title\n=====\n\nSecond text.\n');
  fs.closeSync(fd);
  await page.next((html) => html.includes('Second text.'));
  assert.deepEqual(page.htmls.filter((html) => !html.includes('Title')), [], 'an empty document was pushed');
  // Emptied for good: shown once the file stays empty.
  fs.writeFileSync(file, '');
  await page.next((html) => !html.includes('Title'));
  page.close();
});

// The time limit only turns a regression that never pushes the awaited update into a failure instead of a
// hang. The watcher reads at its first event, so it may read a save half written: the event of the rest must
// bring the whole text, and the last page pushed is the last text written.
test('a save written in parts ends with the whole text shown, never a part of it last', { timeout: 120_000 }, async () => {
  const file = path.join(root, 'parts.rst');
  fs.writeFileSync(file, 'Parts\n=====\n\nStart.\n');
  const page = await watchUpdates('parts.rst');
  await page.next((html) => html.includes('Start.'));
  const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph number ${i} of the saved text.\n\n`);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'Parts\n=====\n\n');
  for (const [i, p] of paragraphs.entries()) {
    fs.writeSync(fd, p);
    // A slow editor's save: the first part is read and shown before the rest is written.
    if (i === 9) await page.next((html) => html.includes('Paragraph number 9 of') && !html.includes('Paragraph number 10 of'));
  }
  fs.closeSync(fd);
  await page.next((html) => html.includes('Paragraph number 39 of'));
  // Nothing pushed after the whole text shows less of it.
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(page.htmls[page.htmls.length - 1].includes('Paragraph number 39 of'), 'a part of the save was pushed last');
  page.close();
});

// The time limit only turns a server that never answers into a failure instead of a hang.
test("in a repository, a link followed out of the Sphinx folder (a symbolic link, a ../ path) gets its file; nothing outside the repository, nothing hidden", { timeout: 60_000 }, async () => {
  // devstack's doc/source/assets/local.conf is a link to the repository's samples/local.conf: Sphinx follows it.
  const repo = path.join(tmp, 'repo');
  const source = path.join(repo, 'doc', 'source');
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.git', 'config'), `${SECRET}\n`);
  fs.mkdirSync(path.join(repo, 'samples'));
  fs.writeFileSync(path.join(repo, 'samples', 'local.conf'), '[[local|localrc]]\nADMIN_PASSWORD=secret\n');
  fs.writeFileSync(path.join(repo, 'samples', 'other.txt'), 'other sample\n');
  fs.mkdirSync(path.join(source, 'assets'), { recursive: true });
  fs.symlinkSync('../../../samples/local.conf', path.join(source, 'assets', 'local.conf'));
  fs.symlinkSync(path.join(outside, 'secret.png'), path.join(source, 'assets', 'leak.png'));
  // oslo.config's generator writes _static/repo.conf.sample when the build starts.
  fs.writeFileSync(
    path.join(source, 'conf.py'),
    "project = 'repo'\nextensions = ['oslo_config.sphinxconfiggen']\nconfig_generator_config_file = '../../etc/repo-config-generator.conf'\nsample_config_basename = '_static/repo'\n",
  );
  fs.writeFileSync(path.join(source, 'index.rst'), 'Repo\n====\n\nA :download:`sample </assets/local.conf>` and :download:`another <../../samples/other.txt>`.\n');
  let stopSecond!: () => void;
  let secondPort = 0;
  // (Wrapped: resolving with the command's own promise would wait for the server to stop.)
  const second = await new Promise<{ done: Promise<number> }>((resolve) => {
    const running = previewCommand([path.join(source, 'index.rst'), '--port', '0'], { stdout: { write: () => true }, stderr: { write: () => true } }, {
      stop: new Promise<void>((r) => (stopSecond = r)),
      onListening: (s) => {
        secondPort = s.port;
        resolve({ done: running });
      },
    });
  });
  try {
    const page = await get('/', undefined, secondPort);
    assert.match(page.body, /href="assets\/local\.conf"/);
    assert.match(page.body, /href="\.\.\/\.\.\/samples\/other\.txt"/);
    const conf = await get('/?file=assets/local.conf&download=1', undefined, secondPort);
    assert.deepEqual([conf.status, conf.body, conf.headers['content-disposition']], [200, '[[local|localrc]]\nADMIN_PASSWORD=secret\n', "attachment; filename*=UTF-8''local.conf"]);
    const other = await get('/?file=../../samples/other.txt&download=1', undefined, secondPort);
    assert.deepEqual([other.status, other.body], [200, 'other sample\n']);
    const sample = await get('/?file=configuration/../_static/repo.conf.sample&download=1', undefined, secondPort);
    assert.deepEqual([sample.status, sample.body], [404, '_static/repo.conf.sample is written by the Sphinx build (an extension or conf.py makes it): it exists once the project is built.']);
    const missing = await get('/?file=configuration/../_static/nothing.txt', undefined, secondPort);
    assert.deepEqual([missing.status, missing.body], [404, 'There is no _static/nothing.txt in the project.']);
    for (const p of ['/?file=../../.git/config', '/?file=assets/leak.png', '/?file=../../../outside/secret.png', '/?file=../../../outside/secret.rst', `/_hg/file?path=${encodeURIComponent(path.join(source, 'assets', 'leak.png'))}`]) {
      const r = await get(p, undefined, secondPort);
      assert.equal(r.status, 404, p);
      assert.ok(!r.body.includes(SECRET), `${p} leaked`);
    }
  } finally {
    stopSecond();
    assert.equal(await second.done, 0);
  }
});
