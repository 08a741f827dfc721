import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// The live preview inside a real VS Code: its webview reports what it shows (the number of diagram SVGs in
// its DOM and the page title) back to the extension, which exposes it for tests as `previewRendered`.

const EXTENSION_ID = 'ha-guide-studio.ha-guide-studio';

interface Rendered {
  version: number;
  diagrams: number;
  title: string;
  /** When the extension heard from the page (Date.now()). */
  at: number;
  /** The server's render request behind the update, round trip (ms). */
  requestMs?: number;
  /** From posting the update to the page reporting it (ms). */
  pageMs?: number;
}

interface HaGuideApi {
  previewRendered(uri: string): Rendered | undefined;
}

/** Polls `probe` every `pollMs` until it gives a value; `ms` only guards against a hang. */
async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 30_000, pollMs = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

suite('Live preview in a real VS Code', () => {
  let api: HaGuideApi;
  let folder: vscode.Uri;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<HaGuideApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    folder = vscode.workspace.workspaceFolders![0].uri;
  });

  /**
   * A fresh copy of the seed as `name` (so that what earlier suites typed into ha.rst does not matter, and its
   * label does not clash), opened with its preview beside it once the preview has drawn its 6 diagrams.
   */
  async function openWithPreview(name: string, label: string) {
    const seed = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'ha.rst')));
    const uri = vscode.Uri.joinPath(folder, name);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(seed.replace('.. _ha:', `.. _${label}:`)));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('haGuide.showPreviewToSide');
    const first = await waitFor('the preview to draw the guide', () => {
      const r = api.previewRendered(uri.toString());
      return r && r.diagrams === 6 ? r : undefined;
    });
    return { uri, doc, editor, first };
  }

  test('the preview of the seed guide shows its title and its 6 diagrams, and typing updates it', async () => {
    const { uri, doc, editor, first } = await openWithPreview('preview.rst', 'ha-preview');
    assert.equal(first.title, 'High Availability Guide');

    // Type into the title in the editor (the preview beside it keeps its place; the editor keeps focus).
    await vscode.window.showTextDocument(doc, editor.viewColumn);
    const titleLine = doc.getText().split('\n').indexOf('High Availability Guide');
    assert.ok(titleLine > 0);
    for (const ch of ' Live') {
      assert.ok(await editor.edit((b) => b.insert(doc.lineAt(titleLine).range.end, ch)));
    }
    const updated = await waitFor('the preview to show the typed title', () => {
      const r = api.previewRendered(uri.toString());
      return r && r.title === 'High Availability Guide Live' ? r : undefined;
    });
    assert.ok(updated.version > first.version, 'a newer version reached the page');
    assert.equal(updated.diagrams, 6, 'the diagrams are still drawn');
  });

  test('each keystroke reaches the page: text and diagram edits, timed from the edit to the page reporting it', async () => {
    const { uri, doc, editor } = await openWithPreview('preview-typing.rst', 'ha-typing');
    await vscode.window.showTextDocument(doc, editor.viewColumn);
    // Polls every millisecond (the figure is the page's report time, not the poll's).
    const until = (what: string, probe: () => Rendered | undefined | false) => waitFor(what, probe, 30_000, 1);
    const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

    // Text: one character at a time at the end of the title; each must reach the page before the next.
    const titleLine = doc.getText().split('\n').indexOf('High Availability Guide');
    assert.ok(titleLine > 0);
    const text: number[] = [];
    const parts: { requestMs: number[]; pageMs: number[] } = { requestMs: [], pageMs: [] };
    let typed = '';
    for (const ch of 'abcdefghijklmnopqrstuvwxyz') {
      const t0 = Date.now();
      assert.ok(await editor.edit((b) => b.insert(doc.lineAt(titleLine).range.end, ch)));
      typed += ch;
      const r = await until(`"${typed}" on the page`, () => {
        const got = api.previewRendered(uri.toString());
        return got && got.title === `High Availability Guide${typed}` ? got : undefined;
      });
      text.push(r.at - t0);
      parts.requestMs.push(r.requestMs ?? NaN);
      parts.pageMs.push(r.pageMs ?? NaN);
      assert.equal(r.diagrams, 6);
    }

    // Diagram: one character at a time into a cluster's label in the first diagram; the page reports each
    // update with its six diagrams (the server waits for a layout this small before it answers).
    const labelLine = doc.getText().split('\n').findIndex((l) => l.includes('label="API Servers"'));
    assert.ok(labelLine > 0);
    const diagram: number[] = [];
    for (const ch of 'abcdefghijkl') {
      // Let any late update of the previous edit land first, so that the next one seen is this edit's.
      await new Promise((resolve) => setTimeout(resolve, 150));
      const before = api.previewRendered(uri.toString())!.version;
      const t0 = Date.now();
      const at = doc.lineAt(labelLine).text.indexOf('";');
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(labelLine, at), ch)));
      const r = await until('the diagram edit on the page', () => {
        const got = api.previewRendered(uri.toString());
        return got && got.version > before ? got : undefined;
      });
      diagram.push(r.at - t0);
      assert.equal(r.diagrams, 6);
    }
    assert.ok(doc.lineAt(labelLine).text.includes('label="API Serversabcdefghijkl"'));
    // Printed for the record (the runner echoes E2E_ lines); not a timed assertion.
    console.log(`E2E_FIGURE preview in VS Code, keystroke -> page updated: text edit median ${quantile(text, 0.5)} ms, p90 ${quantile(text, 0.9)} ms (${text.length} keystrokes; of which the server's render request median ${quantile(parts.requestMs, 0.5)} ms and the page's patch median ${quantile(parts.pageMs, 0.5)} ms); diagram edit median ${quantile(diagram, 0.5)} ms, p90 ${quantile(diagram, 0.9)} ms (${diagram.length})`);
  });
});
