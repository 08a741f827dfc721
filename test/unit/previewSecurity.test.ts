import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { renderDocument } from '../../server/src/render/render';
import { createLanguageService } from '../../server/src/languageService';
import { remoteImage, SECURITY_HINTS } from '../../server/src/preview/security';
import { startLspClient } from './lspClient';

/**
 * The preview's security levels and what may reach a page: remote images only at `allowRemote` (https),
 * never a fetch of `csv-table :url:` or a remote include, and in the editor preview no webview resource for
 * a file whose real path lies outside the workspace. The CLI and the language server run as processes
 * against a local HTTP server that counts every connection it gets.
 */
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const service = createLanguageService();
let version = 0;
const parse = (text: string, uri = 'file:///security/doc.rst') => service.parse({ uri, version: ++version, getText: () => text });

/** Attributes that make a browser fetch without a click, naming a remote host; and CSS url(). */
function remoteFetches(html: string): string[] {
  return [...html.matchAll(/\s(?:src|srcset|poster|background|data|xlink:href|href)\s*=\s*["']?\s*(?:https?:)?\/\/[^"'\s>]*/gi)]
    .map((m) => m[0].trim())
    .filter((a) => !/^(?:href|xlink:href)/i.test(a))
    .concat([...html.matchAll(/url\(\s*["']?\s*(?:https?:)?\/\//gi)].map((m) => m[0]));
}

describe('remote images by security level (the renderer)', () => {
  const text = [
    'Page',
    '====',
    '',
    '.. image:: https://tracker.example/pixel.png',
    '   :alt: Status badge',
    '',
    '.. figure:: https://tracker.example/figure.png',
    '   :target: https://tracker.example/full',
    '',
    '   The caption',
    '',
    '.. image:: http://tracker.example/insecure.png',
    '',
    'Inline |logo| image.',
    '',
    '.. |logo| image:: https://tracker.example/logo.png',
    '',
  ].join('\n');

  test('strict (no host answer, or the strict policy): placeholders keep the alt text and address and say why; nothing fetches', () => {
    for (const resolveResource of [undefined, (u: string) => remoteImage(u, 'strict', SECURITY_HINTS.editor)]) {
      const { html } = renderDocument(parse(text), { uri: 'file:///security/doc.rst', resolveResource });
      assert.deepEqual(remoteFetches(html), []);
      assert.doesNotMatch(html, /<img/);
      assert.equal((html.match(/class="hg-blocked hg-blocked-remote/g) ?? []).length, 4, html);
      assert.match(html, /<span class="hg-blocked-alt">Status badge<\/span> <span class="hg-blocked-url">https:\/\/tracker\.example\/pixel\.png<\/span>/);
      assert.match(html, /Remote image not loaded/);
      // The figure's target is a link: it needs a click, so it stays.
      assert.match(html, /<a href="https:\/\/tracker\.example\/full"><span class="hg-blocked/);
      if (resolveResource) assert.match(html, /Change Preview Security Settings/);
    }
  });

  test('allowRemote: https images load by their address, plain http ones never', () => {
    const { html } = renderDocument(parse(text), { uri: 'file:///security/doc.rst', resolveResource: (u) => remoteImage(u, 'allowRemote', SECURITY_HINTS.cli) });
    assert.match(html, /<img src="https:\/\/tracker\.example\/pixel\.png" alt="Status badge">/);
    assert.match(html, /<a href="https:\/\/tracker\.example\/full"><img src="https:\/\/tracker\.example\/figure\.png"/);
    assert.match(html, /<img src="https:\/\/tracker\.example\/logo\.png" alt="https:\/\/tracker\.example\/logo\.png" class="hg-inline-image">/);
    assert.doesNotMatch(html, /src="http:/);
    assert.match(html, /<span class="hg-blocked-alt">http:\/\/tracker\.example\/insecure\.png<\/span> <span class="hg-blocked-why">Insecure \(http\) image not loaded/);
  });

  test('a host answer that is not an http(s) address never becomes the src of a remote image', () => {
    const { html } = renderDocument(parse(text), { uri: 'file:///security/doc.rst', resolveResource: () => 'javascript:alert(1)' });
    assert.doesNotMatch(html, /javascript:/);
    assert.doesNotMatch(html, /<img src=/);
    assert.equal((html.match(/class="hg-blocked hg-blocked-remote/g) ?? []).length, 4);
  });
});

/** A local HTTP server that counts every connection (a TLS hello to it counts too). */
async function countingServer() {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('a,b\n1,2\n');
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, hits, connections: () => connections, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Runs the CLI without blocking this process (the counting server must keep answering meanwhile). */
function cli(args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('nothing remote is ever fetched: csv-table :url:, include, literalinclude, images', () => {
  let server: Awaited<ReturnType<typeof countingServer>>;
  let dir: string;
  let doc: string;
  let remote: string;
  before(async () => {
    server = await countingServer();
    remote = `127.0.0.1:${server.port}`;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hg-remote-'));
    fs.mkdirSync(path.join(dir, '.git'));
    doc = path.join(dir, 'index.rst');
    fs.writeFileSync(
      doc,
      [
        'Remote',
        '======',
        '',
        '.. csv-table:: Remote table',
        `   :url: http://${remote}/x.csv`,
        '',
        `.. include:: http://${remote}/inc.rst`,
        '',
        `.. literalinclude:: http://${remote}/code.py`,
        '',
        `.. image:: http://${remote}/pixel.png`,
        '',
        `.. image:: https://${remote}/secure.png`,
        '   :alt: Secure pixel',
        '',
        `.. figure:: http://${remote}/figure.png`,
        `   :target: http://${remote}/target`,
        '',
        '   Caption',
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('ha-guide render (strict): placeholders and reasons, a CSP without remote images, no request', async () => {
    const r = await cli(['render', 'index.rst'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(remoteFetches(r.stdout), []);
    assert.match(r.stdout, /img-src data:;/);
    assert.equal((r.stdout.match(/class="hg-blocked hg-blocked-remote"/g) ?? []).length, 3);
    assert.match(r.stdout, /run with --allow-remote to load https images/);
    assert.match(r.stdout, /csv-table :url: is not fetched/);
    assert.match(r.stdout, /Not shown: http:\/\/127\.0\.0\.1:\d+\/code\.py is not a file; the preview fetches nothing\./);
    assert.deepEqual(server.hits, []);
    assert.equal(server.connections(), 0);
  });

  test('ha-guide render --allow-remote: the https image keeps its address (the browser loads it), http ones stay placeholders, still no request', async () => {
    const r = await cli(['render', '--allow-remote', 'index.rst'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`<img src="https://${remote}/secure.png" alt="Secure pixel">`), 'the https image is an <img src>');
    assert.match(r.stdout, /img-src data: https:;/);
    assert.deepEqual(remoteFetches(r.stdout), [`src="https://${remote}/secure.png`]);
    assert.equal((r.stdout.match(/Insecure \(http\) image not loaded/g) ?? []).length, 2);
    assert.deepEqual(server.hits, []);
    assert.equal(server.connections(), 0);
  });

  test('ha-guide lint: csv-table :url: is reported as not fetched (information), and nothing is requested', async () => {
    const r = await cli(['lint', '--format', 'json', 'index.rst'], dir);
    const records = (JSON.parse(r.stdout) as { line: number; code: string; severity: string; message: string }[]).filter((x) => x.code === 'rst.remote-not-fetched');
    assert.deepEqual(
      records.map((x) => `${x.line} ${x.severity}`),
      ['5 information'],
    );
    assert.match(records[0].message, new RegExp(`docutils would download http://${remote.replace(/\./g, '\\.')}/x\\.csv`));
    assert.deepEqual(server.hits, []);
    assert.equal(server.connections(), 0);
  });

  test('the language server: diagnostics and previews at both levels, no request', async () => {
    const client = await startLspClient(pathToFileURL(dir).href);
    try {
      const uri = pathToFileURL(doc).href;
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text: fs.readFileSync(doc, 'utf8') } });
      const published = await client.diagnosticsFor(uri, 1);
      assert.ok(published.diagnostics.some((d) => d.code === 'rst.remote-not-fetched' && d.range.start.line === 4));
      const strict = (await client.conn.sendRequest('haGuide/preview', { uri, waitMs: 0 })) as { html: string; resources: string[] };
      assert.deepEqual(remoteFetches(strict.html), []);
      assert.match(strict.html, /Change Preview Security Settings allows it for this workspace/);
      const remoteOk = (await client.conn.sendRequest('haGuide/preview', { uri, waitMs: 0, security: 'allowRemote' })) as { html: string };
      assert.deepEqual(remoteFetches(remoteOk.html), [`src="https://${remote}/secure.png`]);
    } finally {
      await client.stop();
    }
    assert.deepEqual(server.hits, []);
    assert.equal(server.connections(), 0);
  });
});

test('editor preview: only images whose real path is inside the workspace become webview resources (../, absolute paths, links)', async () => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hg-webview-roots-')));
  const project = path.join(base, 'project');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(path.join(project, 'img'), { recursive: true });
  fs.mkdirSync(outside);
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  fs.writeFileSync(path.join(project, 'img', 'inside.png'), png);
  fs.writeFileSync(path.join(outside, 'secret.png'), png);
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'SECRET-TEXT-51c2\n');
  fs.symlinkSync(path.join(outside, 'secret.png'), path.join(project, 'img', 'link.png'));
  fs.symlinkSync(outside, path.join(project, 'linkdir'));
  // A link inside the workspace to another file inside it is fine.
  fs.symlinkSync(path.join(project, 'img', 'inside.png'), path.join(project, 'img', 'alias.png'));
  const text = [
    'Page',
    '====',
    '',
    '.. image:: img/inside.png',
    '',
    '.. image:: img/alias.png',
    '',
    '.. image:: img/link.png',
    '',
    '.. image:: linkdir/secret.png',
    '',
    '.. image:: ../outside/secret.png',
    '',
    `.. image:: ${path.join(outside, 'secret.png')}`,
    '',
    '.. literalinclude:: linkdir/secret.txt',
    '',
  ].join('\n');
  const doc = path.join(project, 'index.rst');
  fs.writeFileSync(doc, text);
  const client = await startLspClient(pathToFileURL(project).href);
  try {
    const uri = pathToFileURL(doc).href;
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'restructuredtext', version: 1, text } });
    const r = (await client.conn.sendRequest('haGuide/preview', { uri, waitMs: 0 })) as { html: string; resources: string[] };
    // An absolute path is relative to the source folder, as Sphinx reads it: a missing file inside the project.
    const sphinxAbsolute = path.join(project, outside, 'secret.png');
    assert.ok(!fs.existsSync(sphinxAbsolute));
    assert.deepEqual(
      r.resources.sort(),
      [path.join(project, 'img', 'alias.png'), path.join(project, 'img', 'inside.png'), sphinxAbsolute].map((p) => pathToFileURL(p).href),
    );
    assert.equal((r.html.match(/data-hg-src=/g) ?? []).length, 3);
    const placeholders = [...r.html.matchAll(/data-hg-blocked="([^"]*)"[^>]*>.*?<span class="hg-blocked-why">([^<]*)</g)].map((m) => `${m[1]}: ${m[2].slice(0, 50)}`);
    const why = 'Not shown: the file lies outside the project (thro';
    assert.deepEqual(placeholders, [`img/link.png: ${why}`, `linkdir/secret.png: ${why}`, `../outside/secret.png: ${why}`]);
    assert.ok(!r.html.includes('SECRET-TEXT-51c2'), 'the outside text leaked');
    assert.match(r.html, /hg-directive-literalinclude[\s\S]*?<p class="hg-blocked-why">Not shown: the file lies outside the project/);
  } finally {
    await client.stop();
    fs.rmSync(base, { recursive: true, force: true });
  }
});
