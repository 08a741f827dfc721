import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// Runs inside a real extension host (code-server or VS Code desktop) with the workspace prepared by the
// runner: a copy of test/e2e/workspace/ plus the corpus seed guide as ha.rst.

const EXTENSION_ID = 'ha-guide-studio.ha-guide-studio';
const UNDERLINE_TOO_SHORT = 'rst.title-underline-too-short';
/** In the seed, line 13 (1-based) is the title `designate-api` and line 14 its `=` underline. */
const TITLE_LINE = 12;
const UNDERLINE_LINE = 13;

/** What activate() returns. */
interface HaGuideApi {
  ready(): Promise<void>;
  isClientRunning(): boolean;
  diagnosticsPublished(uri: string): number | undefined;
}

/** Polls `probe` until it returns a truthy value; fails with `what` after `ms`. */
async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function summarize(ds: readonly vscode.Diagnostic[]): string[] {
  return ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} ${d.message}`);
}

suite('HA Guide Studio in a real VS Code', () => {
  let api: HaGuideApi;
  let folder: vscode.Uri;
  let seedText: string;
  let shortUri: vscode.Uri;

  /** Opens `uri` in an editor and waits until the server has published diagnostics for it. */
  async function openChecked(uri: vscode.Uri) {
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await waitFor(`diagnostics published for ${uri.path}`, () => (api.diagnosticsPublished(uri.toString()) ?? 0) > 0);
    return { doc, editor };
  }

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<HaGuideApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    api = await ext.activate();
    console.log(`E2E_ENV vscode ${vscode.version} (${vscode.env.appName}, ${vscode.env.remoteName ?? 'local'}), node ${process.version}, extension ${ext.extensionPath}`);

    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'a workspace folder is open');
    folder = ws.uri;
    seedText = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'ha.rst')));

    // The seed with the underline of `designate-api` four characters short.
    const lines = seedText.split('\n');
    assert.equal(lines[TITLE_LINE], 'designate-api', 'seed line 13 is the designate-api title');
    assert.equal(lines[UNDERLINE_LINE], '='.repeat('designate-api'.length), 'seed line 14 is its underline');
    lines[UNDERLINE_LINE] = '='.repeat('designate-api'.length - 4);
    // Its own label: the same label in two files of a workspace is a duplicate-label warning of its own.
    assert.equal(lines[0], '.. _ha:', 'seed line 1 is the ha label');
    lines[0] = '.. _ha-short:';
    shortUri = vscode.Uri.joinPath(folder, 'short-underline.rst');
    await vscode.workspace.fs.writeFile(shortUri, new TextEncoder().encode(lines.join('\n')));
  });

  test('the extension activates and its language client runs', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.equal(ext?.isActive, true);
    await api.ready();
    assert.equal(api.isClientRunning(), true);
  });

  test('the seed guide gets no diagnostics once the server has checked it', async () => {
    const { doc } = await openChecked(vscode.Uri.joinPath(folder, 'ha.rst'));
    assert.equal(doc.languageId, 'restructuredtext');
    const all = summarize(vscode.languages.getDiagnostics(doc.uri));
    assert.deepEqual(all, [], `diagnostics on the seed: ${JSON.stringify(all)}`);
  });

  test('a shortened title underline is reported on the underline line as a warning', async () => {
    const { doc } = await openChecked(shortUri);
    const all = vscode.languages.getDiagnostics(doc.uri);
    const found = all.filter((d) => codeOf(d) === UNDERLINE_TOO_SHORT);
    assert.equal(found.length, 1, `one ${UNDERLINE_TOO_SHORT}; got ${JSON.stringify(summarize(all))}`);
    const [d] = found;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.message, 'Title underline too short.');
    assert.equal(d.range.start.line, UNDERLINE_LINE);
    assert.equal(d.range.end.line, UNDERLINE_LINE);
  });

  test('typing the missing underline characters removes the warning', async () => {
    const { doc, editor } = await openChecked(shortUri);
    const uri = doc.uri.toString();
    const hasWarning = () => vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === UNDERLINE_TOO_SHORT);
    assert.ok(hasWarning(), `precondition: ${UNDERLINE_TOO_SHORT} is shown before the fix`);

    const before = api.diagnosticsPublished(uri) ?? 0;
    for (let i = 0; i < 4; i++) {
      const end = doc.lineAt(UNDERLINE_LINE).range.end;
      assert.ok(await editor.edit((b) => b.insert(end, '=')), 'the editor applied the keystroke');
    }
    assert.equal(doc.getText(), seedText.replace('.. _ha:', '.. _ha-short:'), 'the fixed document is the seed again (with its own label)');

    // The server publishes each version at most once and only the newest, so a publish without the
    // warning after the edits is the check of the fixed text.
    await waitFor('a publish without the warning after the fix', () => (api.diagnosticsPublished(uri) ?? 0) > before && !hasWarning());
    const all = summarize(vscode.languages.getDiagnostics(doc.uri));
    assert.deepEqual(all, [], `diagnostics after the fix: ${JSON.stringify(all)}`);
    await doc.save();
  });
});
