import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { contentType } from 'mime-types';
import { EMPTY_SETTLE_MS } from '../common/saveInPlace';
import { pathToUri, toPath } from '../common/uri';
import { RstPreviewRenderer } from '../render/renderPreview';
import { createNodeLanguageService, type NodeLanguageService } from '../nodeService';
import { imageType, previewAssets } from '../preview/assets';
import { workspaceLinks } from '../preview/previewRequest';
import { indexProjectOf } from './projectIndex';
import { previewDocument, projectRenderOptions, readFileOrUndefined } from '../preview/nodePreview';
import { confinedReader, defaultRoot, NodeWorkspace } from '../nodeWorkspace';
import { buildPreviewCsp, buildPreviewPage, createNonce } from '../preview/page';
import type { HostToPreviewMessage } from '../protocol/requests';
import { isRemoteUrl, OUTSIDE_PROJECT, remoteImage, SECURITY_HINTS, type PreviewSecurity, type ResourceAnswer } from '../preview/security';
import { defaultSettings } from '../protocol/settings';
import type { CliIo } from './io';
import { PREVIEW_USAGE } from './usage';

export const DEFAULT_PREVIEW_PORT = 8151;

/** Milliseconds the first answer waits for diagrams before showing the text with them pending. */
const FIRST_WAIT_MS = 250;

export { EMPTY_SETTLE_MS };

/** At most this many documents are kept (text, rendering, folder watcher); the least recently used go first. */
export const MAX_PREVIEW_SESSIONS = 64;

export interface PreviewServerOptions {
  /** Resolves when the server should stop (tests); Ctrl+C and SIGTERM stop it too. */
  stop?: Promise<void>;
  /** Called once the server listens (tests): its port and how many documents and watchers it keeps. */
  onListening?: (server: { port: number; sessions(): number; watchers(): number }) => void;
}

/** One document being previewed: its text, its update counter and the pages listening to it. */
interface Session {
  file: string;
  uri: string;
  text: string | undefined;
  version: number;
  last?: Extract<HostToPreviewMessage, { type: 'update' }>;
  clients: Set<http.ServerResponse>;
  watcher?: fs.FSWatcher;
  timer?: NodeJS.Timeout;
  rendering?: Promise<void>;
  dirty: boolean;
}

/**
 * `ha-guide preview [file.rst] [--port N]`: the live preview in any browser. Serves the same page and
 * script as the VS Code preview on 127.0.0.1 only, re-renders when the file changes (any editor, any
 * save) and pushes the update to open pages over server-sent events. Documents linked from the page open
 * in the same server, as long as they are under the first document's folder.
 */
export async function previewCommand(args: string[], io: CliIo, options: PreviewServerOptions = {}): Promise<number> {
  let port = DEFAULT_PREVIEW_PORT;
  let security: PreviewSecurity = 'strict';
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--port' || a.startsWith('--port=')) {
      const v = a === '--port' ? args[++i] : a.slice('--port='.length);
      if (v === undefined || !/^\d+$/.test(v) || Number(v) > 65535) {
        io.stderr.write(`ha-guide preview: --port takes a number from 0 to 65535, not ${v === undefined ? 'nothing' : `"${v}"`}\n`);
        return 2;
      }
      port = Number(v);
    } else if (a === '--allow-remote') security = 'allowRemote';
    else if (a.startsWith('-')) {
      io.stderr.write(`ha-guide preview: unknown option ${a}\n`);
      return 2;
    } else inputs.push(a);
  }
  if (inputs.length > 1) {
    io.stderr.write(`ha-guide preview: give at most one .rst file\nusage:\n${PREVIEW_USAGE}`);
    return 2;
  }
  const file = inputs[0] !== undefined ? path.resolve(inputs[0]) : previewAssets.exampleGuide();
  if (!file) {
    io.stderr.write('ha-guide preview: the bundled example guide (examples/ha.rst) is missing; give a file\n');
    return 2;
  }
  try {
    fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr.write(`ha-guide: cannot read ${inputs[0] ?? file}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : String(e)}\n`);
    return 2;
  }
  const scriptPath = previewAssets.script();
  const stylePath = previewAssets.stylesheet();
  if (!scriptPath || !stylePath) {
    io.stderr.write('ha-guide preview: the preview script or stylesheet is missing (run `npm run build` first)\n');
    return 2;
  }
  // The file's Sphinx project (conf.py above it, inside its repository): highlight_language and the
  // substitutions of rst_prolog / rst_epilog, as in the VS Code preview.
  const ws = new NodeWorkspace([pathToUri(defaultRoot(file))]);
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: ws });
  service.graphviz?.warmUp();
  const server = new PreviewServer(service, ws, file, scriptPath, stylePath, io, security);
  const listening = await server.listen(port);
  if (typeof listening === 'string') {
    io.stderr.write(`ha-guide preview: ${listening}\n`);
    server.close();
    return 2;
  }
  server.indexProject();
  options.onListening?.({ port: listening, sessions: () => server.sessionCount(), watchers: () => server.watcherCount() });
  const shown = path.relative(process.cwd(), file);
  io.stdout.write(`HA Guide preview of ${shown && !shown.startsWith('..') ? shown : file}: http://127.0.0.1:${listening}/\n(re-renders when the file changes; Ctrl+C stops)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    void options.stop?.then(stop);
  });
  server.close();
  return 0;
}

class PreviewServer {
  private readonly http: http.Server;
  private readonly renderer: RstPreviewRenderer;
  private readonly sessions = new Map<string, Session>();
  private readonly root: string;
  /**
   * Where the files the documents name may be read from (literalinclude, images, linked files): the served
   * folder and the project's root as the other commands take it (the repository holding the document, ...;
   * `defaultRoot`), so that a link Sphinx follows out of the source folder (devstack's `assets/local.conf`,
   * a symbolic link to the repository's `samples/`) is followed, and nothing outside the checkout is.
   */
  private readonly readRoots: string[];
  private port = 0;

  /** Settles once the project's other documents are in the index (see {@link indexProject}). */
  private indexed: Promise<void> = Promise.resolve();

  constructor(
    private readonly service: NodeLanguageService,
    private readonly ws: NodeWorkspace,
    private readonly main: string,
    private readonly scriptPath: string,
    private readonly stylePath: string,
    private readonly io: CliIo,
    private readonly security: PreviewSecurity,
  ) {
    // The document's Sphinx project (the folder holding conf.py), so that its links to any other document of
    // the project can be followed; outside a project, the document's own folder.
    const source = toPath(ws.sourceDir(pathToUri(main)) ?? '');
    const folder = source !== undefined && isInside(source, main) ? source : path.dirname(main);
    this.root = realPath(folder) ?? folder;
    const readRoot = defaultRoot(main);
    this.readRoots = [...new Set([this.root, realPath(readRoot) ?? readRoot])];
    // What the documents name (literalinclude, graphviz files) is read only inside those roots.
    // `:ref:` to labels of the project's other documents, the titles `:doc:` shows: from the index.
    this.renderer = new RstPreviewRenderer({ graphviz: service.graphviz, readFile: confinedReader(this.readRoots), ...workspaceLinks({ index: service.index, ws: service.projectWorkspace, projects: service.projects }) });
    this.http = http.createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        // One line, no stack: neither the terminal nor the page needs the server's insides.
        this.io.stderr.write(`ha-guide preview: answering ${req.method ?? '?'} failed: ${e instanceof Error ? e.message : String(e)}\n`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('The preview failed; see the terminal.');
      });
    });
  }

  /**
   * Reads the project's other documents into the index in the background; the pages already shown are
   * rendered again once it is done (their links to other documents resolve then).
   */
  indexProject(): void {
    this.indexed = indexProjectOf(this.service, this.ws, this.main, defaultRoot(this.main)).then(
      () => {
        for (const s of this.sessions.values()) {
          if (!s.last) continue;
          s.version++;
          void this.refresh(s, true);
        }
      },
      (e: unknown) => void this.io.stderr.write(`ha-guide preview: reading the project's documents failed: ${e instanceof Error ? e.message : String(e)}\n`),
    );
  }

  sessionCount(): number {
    return this.sessions.size;
  }

  watcherCount(): number {
    let n = 0;
    for (const s of this.sessions.values()) if (s.watcher) n++;
    return n;
  }

  /** The port listened on, or why not. */
  listen(port: number): Promise<number | string> {
    return new Promise((resolve) => {
      this.http.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE' ? `port ${port} is in use; choose another with --port` : e.message));
      this.http.listen(port, '127.0.0.1', () => {
        const address = this.http.address();
        this.port = typeof address === 'object' && address ? address.port : port;
        resolve(this.port);
      });
    });
  }

  close(): void {
    for (const s of [...this.sessions.values()]) this.drop(s);
    this.http.close();
    this.http.closeAllConnections?.();
    this.service.dispose();
  }

  private origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Only this machine, by its loopback name (a page elsewhere cannot reach us through DNS rebinding).
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) return this.send(res, 403, 'text/plain', 'Forbidden');
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.send(res, 405, 'text/plain', 'Method not allowed');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', this.origin());
    } catch {
      return this.send(res, 400, 'text/plain; charset=utf-8', 'Bad request');
    }
    if (url.origin !== this.origin()) return this.send(res, 400, 'text/plain; charset=utf-8', 'Bad request');
    switch (url.pathname) {
      case '/':
        return this.page(res, url);
      case '/_hg/events':
        return this.events(req, res, url);
      case '/_hg/webview.js':
        return this.send(res, 200, 'text/javascript; charset=utf-8', fs.readFileSync(this.scriptPath));
      case '/_hg/preview.css':
        return this.send(res, 200, 'text/css; charset=utf-8', fs.readFileSync(this.stylePath));
      case '/_hg/file':
        return this.localFile(res, url.searchParams.get('path') ?? '');
      case '/favicon.ico':
        return this.send(res, 204, 'text/plain', '');
      default:
        return this.send(res, 404, 'text/plain', 'Not found');
    }
  }

  private send(res: http.ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
    res.writeHead(status, { ...ANSWER_HEADERS, 'Content-Type': type, ...headers });
    res.end(body);
  }

  /**
   * The document a request names (`?file=` relative to the first document's folder), if it may be served:
   * an existing `.rst` file whose real path (symlinks resolved) lies inside that folder.
   */
  private fileOf(url: URL): string | undefined {
    const rel = url.searchParams.get('file');
    if (rel === null || rel === '') return this.main;
    const p = path.resolve(this.root, rel);
    if (p === this.main) return this.main;
    if (!isInside(this.root, p) || path.extname(p).toLowerCase() !== '.rst') return undefined;
    const real = this.realInside(p);
    return real && path.extname(real).toLowerCase() === '.rst' && isFile(real) ? real : undefined;
  }

  /**
   * A file other than a document that a request names (`?file=`, relative to the served folder, as a link on
   * a page makes it): a regular file whose path and real path lie inside the read roots, with no hidden
   * folder or file on either (`.git/config`, `.env` stay private).
   */
  private otherFileOf(url: URL, download: boolean): string | undefined {
    const rel = url.searchParams.get('file');
    if (!rel) return undefined;
    const p = path.resolve(this.root, rel);
    const real = this.readable(p) ? this.realInside(p, this.readRoots) : undefined;
    // A document is a page, unless a `:download:` names it (Sphinx copies it to `_downloads/` as it is).
    return real && this.readable(real) && (download || path.extname(real).toLowerCase() !== '.rst') && isFile(real) ? real : undefined;
  }

  /** Whether `p` lies inside a read root with no hidden folder or file on the way. */
  private readable(p: string): boolean {
    const roots = this.readRoots.filter((r) => isInside(r, p));
    return roots.length > 0 && !roots.some((r) => isHidden(r, p));
  }

  /**
   * Sends a file of the project as it is, for a link a page followed. Its type comes from its name
   * (`mime-types`); DOT files and other text of an unknown type are shown as text, anything else is
   * downloaded, as is any file a `:download:` link asks for. Nothing in it runs: a sandboxing CSP makes an
   * HTML or SVG file inert, in an origin of its own.
   */
  private rawFile(res: http.ServerResponse, file: string, download: boolean): void {
    let fd: number | undefined;
    let size: number;
    let head: Buffer;
    try {
      fd = fs.openSync(file, 'r');
      size = fs.fstatSync(fd).size;
      head = Buffer.alloc(Math.min(size, 8192));
      fs.readSync(fd, head, 0, head.length, 0);
    } catch {
      if (fd !== undefined) fs.closeSync(fd);
      return this.send(res, 404, 'text/plain', 'Not found');
    }
    const type = download ? fileType(file, head) : shownType(fileType(file, head), head);
    const name = encodeURIComponent(path.basename(file));
    res.writeHead(200, {
      ...ANSWER_HEADERS,
      'Content-Type': type,
      'Content-Length': String(size),
      'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; media-src 'self'",
      'Content-Disposition': `${download || type === 'application/octet-stream' ? 'attachment' : 'inline'}; filename*=UTF-8''${name}`,
    });
    fs.createReadStream(file, { fd }).on('error', () => res.destroy()).pipe(res);
  }

  /** The real path of `p` (symlinks resolved) when it exists and lies inside one of `roots` (default: the served folder). */
  private realInside(p: string, roots: readonly string[] = [this.root]): string | undefined {
    const real = realPath(p);
    return real !== undefined && roots.some((r) => isInside(r, real)) ? real : undefined;
  }

  private async page(res: http.ServerResponse, url: URL): Promise<void> {
    const download = url.searchParams.has('download');
    const file = download ? undefined : this.fileOf(url);
    if (!file) {
      // A link to another file of the project (a `:download:`, a script, a DOT file): the file itself.
      const other = this.otherFileOf(url, download);
      if (other) return this.rawFile(res, other, download);
      const p = path.resolve(this.root, url.searchParams.get('file') ?? '');
      let why = "Only the files of the previewed document's Sphinx project (without one, of its folder) can be shown, and no hidden ones.";
      if (this.readable(p) && !fs.existsSync(p)) {
        const shown = path.relative(this.root, p).split(path.sep).join('/');
        // A sample configuration an extension writes when the build starts (oslo.config's generator) is no broken link.
        const generated = this.service.projects.project(pathToUri(this.main))?.generated(pathToUri(p));
        why = generated ? `${shown} is written by the Sphinx build (an extension or conf.py makes it): it exists once the project is built.` : `There is no ${shown} in the project.`;
      }
      return this.send(res, 404, 'text/plain; charset=utf-8', why);
    }
    const session = this.session(file);
    if (session.text === undefined) return this.send(res, 404, 'text/plain; charset=utf-8', `Cannot read ${path.relative(this.root, file)}.`);
    // A small project is indexed by now; a large one is not waited for long (its pages are rendered again).
    await Promise.race([this.indexed, new Promise((r) => setTimeout(r, FIRST_WAIT_MS))]);
    if (!session.last) await this.refresh(session, false);
    const rendered = await this.renderInline(session);
    const nonce = createNonce();
    const rel = file === this.main ? '' : path.relative(this.root, file).split(path.sep).join('/');
    const events = `/_hg/events?file=${encodeURIComponent(rel)}`;
    const html = buildPreviewPage({
      cspSource: "'self'",
      nonce,
      scriptUri: '/_hg/webview.js',
      styleUri: '/_hg/preview.css',
      title: rendered.title || path.basename(file),
      transport: 'events',
      eventsUri: events,
      file: path.relative(this.root, file).split(path.sep).join('/'),
      body: rendered.html,
      version: session.version,
      state: { uri: session.uri, locked: false },
      security: this.security,
    });
    this.send(res, 200, 'text/html; charset=utf-8', html, {
      'Content-Security-Policy': `${buildPreviewCsp({ cspSource: "'self'", nonce, transport: 'events', security: this.security })}; frame-ancestors 'none'`,
    });
  }

  /** The current version with its diagrams inside the HTML (the first paint needs no script). */
  private async renderInline(session: Session) {
    // A reno release note: the page reno writes of it (`previewDocument`), as in VS Code.
    const shown = previewDocument(this.service, { uri: session.uri, version: session.version, getText: () => session.text ?? '' });
    const r = await this.renderer.render(shown.parsed, { uri: session.uri, interactive: true, inlineDiagrams: true, ...projectRenderOptions(this.service, shown.projectUri), resolveResource: (u) => this.resourceUrl(u) });
    return { ...r, html: shown.html(r.html) };
  }

  private events(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    const file = this.fileOf(url);
    if (!file) return this.send(res, 404, 'text/plain', 'Not found');
    const session = this.session(file);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write('retry: 1000\n\n');
    session.clients.add(res);
    // A change between the page load and this connection is not lost: the page drops what it already has.
    // A session started by this connection (the one the page loaded with was let go when its last page
    // closed, as a reload does) renders first, so the page still gets the current version.
    if (session.last) res.write(`data: ${JSON.stringify(session.last)}\n\n`);
    else {
      void this.refresh(session, false).then(() => {
        if (session.last && session.clients.has(res)) res.write(`data: ${JSON.stringify(session.last)}\n\n`);
      });
    }
    const ping = setInterval(() => res.write(': ping\n\n'), 15000);
    req.on('close', () => {
      clearInterval(ping);
      session.clients.delete(res);
      // The last page of a document closed: its text, rendering and watcher go.
      if (session.clients.size === 0 && this.sessions.get(session.file) === session) this.drop(session);
    });
  }

  /** A local image the document shows, when it lies inside the read roots. */
  private localFile(res: http.ServerResponse, p: string): void {
    const type = imageType(path.resolve(p));
    const file = type && path.isAbsolute(p) ? this.realInside(path.resolve(p), this.readRoots) : undefined;
    if (!type || !file || imageType(file) !== type || !isFile(file)) return this.send(res, 404, 'text/plain', 'Not found');
    let data: Buffer;
    try {
      data = fs.readFileSync(file);
    } catch {
      return this.send(res, 404, 'text/plain', 'Not found');
    }
    // An SVG image is shown through <img> (no script runs there); its own CSP forbids it anyway.
    this.send(res, 200, type, data, { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" });
  }

  /** The `src` of an image on the page: a remote one by the security level, a local one through `/_hg/file`. */
  private resourceUrl(uri: string): ResourceAnswer {
    if (isRemoteUrl(uri)) return remoteImage(uri, this.security, SECURITY_HINTS.cli);
    const p = toPath(uri);
    if (p === undefined) return undefined;
    // Outside the read roots (through ../, an absolute path or a link): say so; a missing file stays as it is.
    const real = realPath(p);
    if (real !== undefined && !this.readRoots.some((r) => isInside(r, real))) return { blocked: OUTSIDE_PROJECT };
    return imageType(p) && real !== undefined ? `/_hg/file?path=${encodeURIComponent(p)}` : undefined;
  }

  /** The session of a file (most recently used now), created for a file that exists; the oldest go past the cap. */
  private session(file: string): Session {
    let s = this.sessions.get(file);
    if (s) {
      this.sessions.delete(file);
      this.sessions.set(file, s);
      return s;
    }
    s = { file, uri: pathToUri(file), text: readFileOrUndefined(file), version: 1, clients: new Set(), dirty: false };
    this.sessions.set(file, s);
    this.watch(s);
    while (this.sessions.size > MAX_PREVIEW_SESSIONS) {
      // The least recently used document nobody is looking at; failing that, the least recently used.
      const all = [...this.sessions.values()];
      this.drop(all.find((x) => x.clients.size === 0 && x !== s) ?? all[0]);
    }
    return s;
  }

  /** Forgets a session: its watcher, its timer and the pages still listening (they reconnect on their own). */
  private drop(s: Session): void {
    if (this.sessions.get(s.file) === s) this.sessions.delete(s.file);
    s.watcher?.close();
    s.watcher = undefined;
    clearTimeout(s.timer);
    for (const c of s.clients) c.end();
    s.clients.clear();
  }

  /** Watches the folder (editors save by replacing the file, which a watch on the file itself would miss). */
  private watch(s: Session): void {
    const name = path.basename(s.file);
    try {
      s.watcher = fs.watch(path.dirname(s.file), (_event, changed) => {
        if (changed !== null && changed !== name) return;
        // The events of one save (a truncation, then the writes) arrive together and share this timer's turn;
        // a fixed wait here (5 ms, before) was a third of a text edit's way to the screen (13.7 -> 7.9 ms,
        // `npm run bench`). A read that finds half a save is made good by the event of the write that follows.
        clearTimeout(s.timer);
        s.timer = setTimeout(() => void this.changed(s, false), 0);
      });
      s.watcher.on('error', () => undefined);
    } catch (e) {
      this.io.stderr.write(`ha-guide preview: cannot watch ${s.file}: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }

  private async changed(s: Session, settled: boolean): Promise<void> {
    const text = readFileOrUndefined(s.file);
    if (text === undefined || text === s.text) return;
    if (text === '' && !settled) {
      // Most likely half of a save in place: the write that follows cancels this timer with its own event.
      s.timer = setTimeout(() => void this.changed(s, true), EMPTY_SETTLE_MS);
      return;
    }
    s.text = text;
    s.version++;
    this.service.index.set(s.uri, s.version, text); // its labels and title, for the links of the other pages
    await this.refresh(s, true);
  }

  /**
   * Renders the session's current text and pushes it; while a render runs, changes only mark the session
   * dirty, and the newest text is rendered once it ends (older versions are never pushed after newer ones).
   */
  private async refresh(s: Session, push: boolean): Promise<void> {
    if (s.rendering) {
      s.dirty = true;
      return s.rendering;
    }
    s.rendering = (async () => {
      do {
        s.dirty = false;
        await this.renderAndPush(s, push);
      } while (s.dirty);
    })();
    try {
      await s.rendering;
    } finally {
      s.rendering = undefined;
    }
  }

  private async renderAndPush(s: Session, push: boolean): Promise<void> {
    const text = s.text ?? '';
    const shown = previewDocument(this.service, { uri: s.uri, version: s.version, getText: () => text });
    const resolveResource = (u: string) => this.resourceUrl(u);
    const project = projectRenderOptions(this.service, shown.projectUri);
    const render = async (waitMs?: number) => {
      const r = await this.renderer.render(shown.parsed, { uri: s.uri, interactive: true, waitMs, ...project, resolveResource });
      return { ...r, html: shown.html(r.html) };
    };
    let result = await render(FIRST_WAIT_MS);
    this.publish(s, result, push);
    if (result.pending > 0) {
      result = await render();
      if (s.text === text) {
        s.version++;
        this.publish(s, result, push);
      }
    }
  }

  private publish(s: Session, r: Awaited<ReturnType<RstPreviewRenderer['render']>>, push: boolean): void {
    s.last = { type: 'update', uri: s.uri, version: s.version, html: r.html, title: r.title, diagrams: r.diagrams, resources: {}, pending: r.pending };
    if (!push) return;
    const data = `data: ${JSON.stringify(s.last)}\n\n`;
    for (const c of s.clients) c.write(data);
  }
}

/** The real path (symlinks resolved), or undefined when there is none (missing, a loop, a name too long). */
function realPath(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The headers of every answer but the event stream: nothing cached, no type sniffing, no referrer. */
const ANSWER_HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };

/** Types shown as text whatever `mime-types` says (`.dot` is a Word template there). */
const TEXT_TYPES: Record<string, string> = { '.dot': 'text/plain; charset=utf-8', '.gv': 'text/plain; charset=utf-8' };

/** The Content-Type of a file of the project: by its name, else text when its first bytes hold no NUL. */
export function fileType(file: string, head: Buffer): string {
  const ext = path.extname(file).toLowerCase();
  return TEXT_TYPES[ext] ?? (contentType(ext) || (head.includes(0) ? 'application/octet-stream' : 'text/plain; charset=utf-8'));
}

/** Types every browser shows in the page itself; others (`text/yaml`, `text/csv`, `application/x-sh`) some download. */
const SHOWN = /^(image\/|text\/(plain|html)\b|application\/(pdf|json|xml)\b)/;

/**
 * The type to send for a plain link (not a `:download:`): text of a type a browser may only download (a
 * script, a YAML or CSV file) is sent as plain text, so that the link shows it, as it shows a DOT file.
 */
export function shownType(type: string, head: Buffer): string {
  return SHOWN.test(type) || head.includes(0) ? type : 'text/plain; charset=utf-8';
}

/** Whether a folder or file on the way from `root` to `p` is hidden (its name starts with a dot). */
function isHidden(root: string, p: string): boolean {
  return path.relative(root, p).split(path.sep).some((part) => part.startsWith('.') && part !== '..');
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
