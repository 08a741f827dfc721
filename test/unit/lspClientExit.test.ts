import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

/**
 * The test clients' connection (lspClient.ts `connectStdio`) lets their process end when the server stopped in
 * the middle of a message: the JSON-RPC reader's partial-message timer re-armed itself every 10 s for ever,
 * and a CI run hung after a test file had passed every test (seen under load, directiveCompletion.test.js).
 */
test('a test client whose server stopped in the middle of a message lets its process end', () => {
  const client = path.join(__dirname, 'lspClient.js');
  // The "server" writes a header and half a body, then exits; the client process must then end by itself.
  const script = `
    const { spawn } = require('node:child_process');
    const { connectStdio } = require(${JSON.stringify(client)});
    const server = spawn(process.execPath, ['-e', 'process.stdout.write("Content-Length: 100\\\\r\\\\n\\\\r\\\\n{\\\\"jsonrpc\\\\"")'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = connectStdio(server);
    conn.listen();
    server.on('exit', () => setTimeout(() => { conn.dispose(); console.log('server gone'); }, 100));
  `;
  // A liveness bound, not a speed limit: without the fix the process never ends.
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.signal, null, `the client process was still running after 120 s: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'server gone');
});
