import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/**
 * The real language server (dist/server.js) over stdio, driven by a JSON-RPC client the way any LSP
 * client (Neovim, Helix, Emacs) drives it. Shared by the server tests.
 */
const ROOT = path.resolve(__dirname, '../../..');

export interface Published {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    code: string;
    severity: number;
    message: string;
    source: string;
  }[];
}

export interface LspTestClient {
  conn: MessageConnection;
  /** What the server's initialize answer says it can do. */
  capabilities: Record<string, unknown>;
  /** Every publishDiagnostics notification so far, in order. */
  published: Published[];
  /** The latest diagnostics for `uri` (and `version`, when given); waits for them up to `ms`. */
  diagnosticsFor(uri: string, version?: number, ms?: number): Promise<Published>;
  /** Resolves at the next publish, or after `ms`. */
  nextPublish(ms?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A JSON-RPC connection over a server's stdio. The reader's partial-message timer is off: it re-arms every 10 s
 * for as long as a message stays incomplete, so a server stopped in the middle of writing one (a test ends
 * while the server publishes) kept the test's process alive for ever: a hung CI run.
 */
export function connectStdio(server: ChildProcess): MessageConnection {
  const reader = new StreamMessageReader(server.stdout!);
  reader.partialMessageTimeout = 0;
  return createMessageConnection(reader, new StreamMessageWriter(server.stdin!));
}

/** Ends a server: SIGTERM, SIGKILL after 5 s; resolves once it has exited. */
export function killServer(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    const force = setTimeout(() => server.kill('SIGKILL'), 5000);
    server.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    server.kill();
  });
}

/**
 * Starts the server; with `rootUri`, that folder is the workspace (indexed as VS Code would have it); `haGuide`
 * is what the client answers for the `haGuide` settings (the defaults when left out); a promise there holds every
 * `workspace/configuration` answer back until it resolves (and with it the server's start-up and first index).
 */
export async function startLspClient(
  rootUri: string | null = null,
  haGuide: object | Promise<object> = {},
  options: { env?: NodeJS.ProcessEnv; log?: string[] } = {},
): Promise<LspTestClient> {
  const server: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: options.env ? { ...process.env, ...options.env } : process.env,
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const conn = connectStdio(server);
  const published: Published[] = [];
  const waiters: (() => void)[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
    published.push(p);
    for (const w of waiters.splice(0)) w();
  });
  conn.onRequest('workspace/configuration', async (p: { items?: { section?: string }[] }) => {
    const settings = await haGuide;
    return (p?.items ?? [{}]).map((i) => (i.section === 'haGuide' ? settings : {}));
  });
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('haGuide/log', (p: { message: string }) => void options.log?.push(p.message));
  conn.listen();
  const init = (await conn.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: { workspace: { configuration: true } } })) as {
    serverInfo: { name: string };
    capabilities: Record<string, unknown>;
  };
  if (init.serverInfo.name !== 'HA Guide Studio') throw new Error(`unexpected server ${init.serverInfo.name}`);
  await conn.sendNotification('initialized', {});

  const nextPublish = (ms = 200) =>
    new Promise<void>((r) => {
      waiters.push(r);
      setTimeout(r, ms);
    });
  return {
    conn,
    capabilities: init.capabilities,
    published,
    nextPublish,
    async diagnosticsFor(uri, version, ms = 10000) {
      const end = Date.now() + ms;
      for (;;) {
        const hit = [...published].reverse().find((p) => p.uri === uri && (version === undefined || p.version === version));
        if (hit) return hit;
        if (Date.now() > end) throw new Error(`no diagnostics for ${uri}${version === undefined ? '' : ` v${version}`}`);
        await nextPublish();
      }
    },
    async stop() {
      await conn.sendRequest('shutdown').catch(() => undefined);
      await conn.sendNotification('exit').catch(() => undefined);
      // The server ends by itself on `exit` (writing its code cache, when it had none); else it is killed.
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
      conn.dispose();
      await killServer(server);
    },
  };
}

/** Waits (publish by publish) until `ok` holds for the latest publish of `uri`; returns it. */
export async function latest(client: LspTestClient, uri: string, ok: (p: Published) => boolean, what: string): Promise<Published> {
  for (let i = 0; i < 400; i++) {
    const hit = [...client.published].reverse().find((p) => p.uri === uri);
    if (hit && ok(hit)) return hit;
    await client.nextPublish(100);
  }
  const hit = [...client.published].reverse().find((p) => p.uri === uri);
  throw new Error(`${what}: the last publish for ${uri} was ${JSON.stringify(hit?.diagnostics.map((d) => d.message))}`);
}
