import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// The live preview inside a real VS Code: its webview reports what it shows (the number of diagram SVGs in
// its DOM and the page title) back to the extension, which exposes it for tests as `previewRendered`.

const EXTENSION_ID = 'ha-guide-studio.ha-guide-studio';

interface Rendered {
  version: number;
  diagrams: number;
  title: string;
}

interface HaGuideApi {
  previewRendered(uri: string): Rendered | undefined;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
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

  test('the preview of the seed guide shows its title and its 6 diagrams, and typing updates it', async () => {
    // A fresh copy, so that what earlier suites typed into ha.rst does not matter.
    const seed = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'ha.rst')));
    const uri = vscode.Uri.joinPath(folder, 'preview.rst');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(seed.replace('.. _ha:', '.. _ha-preview:')));
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('haGuide.showPreviewToSide');
    const first = await waitFor('the preview to draw the guide', () => {
      const r = api.previewRendered(uri.toString());
      return r && r.diagrams === 6 ? r : undefined;
    });
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
});
