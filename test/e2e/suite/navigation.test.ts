import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// Navigation and DOT checks inside a real extension host, through VS Code's own commands (the same
// ones F12, Shift+F12, F2 and the outline use), on the seed guide `ha.rst` of the prepared workspace.

const EXTENSION_ID = 'ha-guide-studio.ha-guide-studio';

interface HaGuideApi {
  diagnosticsPublished(uri: string): number | undefined;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false | PromiseLike<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

suite('Navigation and DOT in a real VS Code', () => {
  let api: HaGuideApi;
  let folder: vscode.Uri;
  let seedText: string;

  async function openChecked(uri: vscode.Uri) {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitFor(`diagnostics published for ${uri.path}`, () => (api.diagnosticsPublished(uri.toString()) ?? 0) > 0);
    return doc;
  }

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<HaGuideApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    folder = vscode.workspace.workspaceFolders![0].uri;
    seedText = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'ha.rst')));
  });

  test('go to definition from `tooz driver list`_ lands on its target line', async () => {
    const doc = await openChecked(vscode.Uri.joinPath(folder, 'ha.rst'));
    const text = doc.getText();
    const use = text.indexOf('`tooz driver list`_');
    assert.ok(use >= 0, 'the seed uses `tooz driver list`_');
    const targetLine = text.slice(0, text.indexOf('.. _tooz driver list:')).split('\n').length - 1;
    const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      doc.uri,
      doc.positionAt(use + 3),
    );
    const lines = defs.map((d) => ('targetRange' in d ? d.targetRange : d.range).start.line);
    assert.deepEqual(lines, [targetLine]);
  });

  test('the outline lists the sections of the seed guide in order', async () => {
    const doc = await openChecked(vscode.Uri.joinPath(folder, 'ha.rst'));
    const symbols = await waitFor('document symbols', () =>
      vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri).then((s) => (s?.length ? s : undefined)),
    );
    const sections: string[] = [];
    const walk = (list: vscode.DocumentSymbol[]) => {
      for (const s of list) {
        if (s.kind === vscode.SymbolKind.String) sections.push(s.name);
        walk(s.children);
      }
    };
    walk(symbols);
    // Every title of the guide, in the order it appears in the text.
    const titles: string[] = [];
    const lines = seedText.split('\n');
    for (let i = 1; i < lines.length; i++) {
      if (/^([=\-~^"'`#*+])\1{3,}\s*$/.test(lines[i]) && lines[i - 1].trim() && !/^([=\-~^"'`#*+])\1+\s*$/.test(lines[i - 1])) titles.push(lines[i - 1].trim());
    }
    assert.ok(titles.length > 10, `the seed has many sections (${titles.length})`);
    assert.deepEqual(sections, titles);
  });

  test('renaming a label used from a second file updates both files as one edit', async () => {
    const second = vscode.Uri.joinPath(folder, 'uses-ha.rst');
    await vscode.workspace.fs.writeFile(second, new TextEncoder().encode('Uses\n====\n\nSee :ref:`ha` and :ref:`the guide <ha>`.\n'));
    const secondDoc = await openChecked(second);
    const doc = await openChecked(vscode.Uri.joinPath(folder, 'ha.rst'));
    // The label resolves across files before the rename (the index saw the new file).
    await waitFor('the :ref: resolves', async () => {
      const d = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        secondDoc.uri,
        secondDoc.positionAt(secondDoc.getText().indexOf('`ha`') + 1),
      );
      return d.length === 1;
    });
    const at = doc.positionAt(doc.getText().indexOf('.. _ha:') + 4);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at, 'ha-guide');
    assert.ok(edit, 'a rename edit');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(doc.getText().split('\n')[0], '.. _ha-guide:');
    assert.equal(secondDoc.getText(), 'Uses\n====\n\nSee :ref:`ha-guide` and :ref:`the guide <ha-guide>`.\n');
  });

  test('a DOT syntax error shows at its line and column', async () => {
    const lines = seedText.split('\n');
    const i = lines.findIndex((l) => l.trim() === 'rankdir=LR');
    assert.ok(i > 0, 'the seed has rankdir=LR in its first diagram');
    lines[i] = lines[i] + ';;';
    const col = lines[i].length - 1; // the second ';' is the stray token
    const uri = vscode.Uri.joinPath(folder, 'dot-error.rst');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(lines.join('\n').replace('.. _ha:', '.. _ha-dot:')));
    await openChecked(uri);
    const errors = await waitFor('a dot.syntax diagnostic', () => {
      const ds = vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d) === 'dot.syntax');
      return ds.length ? ds : undefined;
    });
    assert.equal(errors[0].severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([errors[0].range.start.line, errors[0].range.start.character], [i, col]);
  });
});
