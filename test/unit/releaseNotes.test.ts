import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { isReleaseNote, noteKind, noteUid, readRenoConfig, releaseNoteActions, releaseNoteLinks, releaseNotePage, releaseNoteProblems, releaseNoteSections, renoConfigFiles } from '../../server/src/features/releaseNotes';
import { checkDocument } from '../../server/src/rst/checks';
import { parseRst } from '../../server/src/rst/parser';
import { createRegistry } from '../../server/src/rst/registry';
import { expectLinear } from './complexity';
import { latest, startLspClient } from './lspClient';
import { createNodeLanguageService } from '../../server/src/nodeService';
import { NodeWorkspace } from '../../server/src/nodeWorkspace';
import { defaultSettings } from '../../server/src/protocol/settings';
import { repoTree } from './repoTree';
import http from 'node:http';
import { previewCommand } from '../../server/src/cli/preview';

/**
 * reno's release notes (`releasenotes/notes/*.yaml`, server/src/features/releaseNotes.ts). The expected findings
 * are what a real build of a clone of ansible-role-uwsgi's release notes gave with the same notes committed (Sphinx
 * 5.3, docutils 0.19, reno 4.0.0, openstackdocstheme 3.0.1): its warnings and errors, each at the line of the note
 * it came from; `AttributeError: 'int' object has no attribute 'splitlines'` (and `'dict'`) for a note YAML reads as
 * a number (a mapping); nothing for a misspelled section's notes, which the report leaves out.
 */
const CLI = path.resolve(__dirname, '../../../dist/cli.js');

const tree = (files: Record<string, string>) => repoTree(files, 'ha-guide-reno-');

function lint(dir: string, ...args: string[]): { status: number | null; lines: string[] } {
  const r = spawnSync(process.execPath, [CLI, 'lint', ...(args.length ? args : ['.'])], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.stderr, '');
  return { status: r.status, lines: r.stdout.split('\n').filter(Boolean) };
}

/** The problems of a note as the service finds them, without a project: `line:column code` (1-based). */
function problems(yaml: string, config = readRenoConfig(undefined)): string[] {
  const registry = createRegistry([], []);
  const starts = [0];
  for (let i = 0; i < yaml.length; i++) if (yaml[i] === '\n') starts.push(i + 1);
  const at = (o: number) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= o) line++;
    return `${line + 1}:${o - starts[line] + 1}`;
  };
  return releaseNoteProblems(yaml, config, (rst, targets) => {
    const parsed = parseRst(rst, { registry });
    return [...parsed.problems, ...checkDocument(parsed, registry, { targets })];
  })
    .sort((a, b) => a.start - b.start)
    .map((p) => `${at(p.start)} ${p.code}`);
}

const SOURCE_CONF = "extensions = ['openstackdocstheme', 'reno.sphinxext']\n";
const INDEX = 'Release Notes\n=============\n\n.. toctree::\n\n   unreleased\n';
const UNRELEASED = 'Current Series\n==============\n\n.. release-notes::\n';

test('which files are release notes, and where reno reads its configuration', () => {
  assert.ok(isReleaseNote('/r/releasenotes/notes/fix-a-0123456789abcdef.yaml'));
  assert.ok(isReleaseNote('file:///r/releasenotes/notes/fix.yaml'));
  // reno's scanner takes the notes of sub-folders too (tempest keeps a folder per release).
  assert.ok(isReleaseNote('/r/releasenotes/notes/10/fix.yaml'));
  assert.equal(noteKind('/r/releasenotes/notes/fix.yml'), 'ignored');
  assert.equal(noteKind('/r/releasenotes/notes/fix-size-reporting.rst'), 'ignored');
  assert.equal(noteKind('/r/releasenotes/notes/add-murano-ffsdgsdhgb332'), 'ignored');
  assert.equal(noteKind('/r/releasenotes/notes/.gitkeep'), undefined);
  assert.equal(noteKind('/r/releasenotes/notes/README.rst'), undefined);
  assert.ok(!isReleaseNote('/r/releasenotes/source/conf.yaml'));
  assert.ok(!isReleaseNote('/r/notes/fix.yaml'));
  assert.deepEqual(renoConfigFiles('file:///r/releasenotes/notes/a.yaml'), ['file:///r/releasenotes/config.yaml', 'file:///r/reno.yaml']);
  assert.deepEqual(readRenoConfig('sections:\n  - [features, New Features]\n  - [api, API Changes]\nprelude_section_name: release_summary\n'), {
    sections: ['features', 'api'],
    titles: ['Release Summary', 'New Features', 'API Changes'],
    prelude: 'release_summary',
  });
  // What cannot be read keeps reno's defaults.
  assert.deepEqual(readRenoConfig('sections: [\n'), readRenoConfig(undefined));
});

test("each note's reStructuredText is checked where it stands, in every kind of YAML scalar", () => {
  const yaml = [
    '---', // 1
    'prelude: >', // 2
    '    A folded prelude with *unclosed', // 3
    '    emphasis over two lines.', // 4
    'features:', // 5
    '  - A plain note over', // 6
    '    two lines with ``unclosed literal', // 7
    '  - "A double-quoted note with `broken"', // 8
    "  - 'A single-quoted note''s **strong'", // 9
    'fixes:', // 10
    '  - |', // 11
    '    A literal note: `unclosed interpreted text', // 12
    '    and a paragraph', // 13
    '      with unexpected indentation.', // 14
    '  - |', // 15
    '    Unknown :foo:`bar` and a title:', // 16
    '', // 17
    '    Title', // 18
    '    =====', // 19
    '',
  ].join('\n');
  assert.deepEqual(problems(yaml), [
    '3:27 rst.inline-unterminated',
    '7:20 rst.inline-unterminated',
    '8:32 rst.inline-unterminated',
    '9:30 rst.inline-unterminated',
    '12:21 rst.inline-unterminated',
    '14:7 rst.unexpected-indentation',
    '16:14 rst.unknown-role',
    '18:5 rst.unexpected-section-title',
  ]);
});

test('where a top-level key is typed, the sections reno knows that the note does not have yet are offered', () => {
  const config = readRenoConfig(undefined);
  const text = '---\nfixes:\n  - Fine.\nup\n';
  assert.deepEqual(releaseNoteSections(text, text.indexOf('up') + 2, config).map((c) => [c.name, c.title, c.replaceStart, c.snippet]), [['upgrade', 'Upgrade Notes', text.indexOf('up'), 'upgrade:\n  - |\n    $0']]);
  const empty = '---\n\n';
  assert.deepEqual(releaseNoteSections(empty, 4, config).map((c) => c.name), ['prelude', 'features', 'issues', 'upgrade', 'deprecations', 'critical', 'security', 'fixes', 'other']);
  assert.equal(releaseNoteSections(empty, 4, config)[0].snippet, 'prelude: |\n  $0');
  // Inside a note, after a key, or with text after the cursor: nothing.
  assert.deepEqual(releaseNoteSections(text, text.indexOf('Fine') + 2, config), []);
  assert.deepEqual(releaseNoteSections(text, text.indexOf('fixes') + 6, config), []);
  assert.deepEqual(releaseNoteSections(text, text.indexOf('up') + 1, config), []);
});

test("reno's own warnings and what stops its build: a note YAML reads as no string, an empty note, an empty or misspelled section", () => {
  assert.deepEqual(problems('---\nfixes:\n  - Fixed the thing: now it works.\n  - 42\n  - ""\n'), ['3:5 reno.not-a-string', '4:5 reno.not-a-string', '5:5 reno.empty-note']);
  // A misspelled section: its notes are left out of the report, so their markup reaches no build.
  assert.deepEqual(problems('fix:\n  - A note with `broken markup.\n'), ['1:1 reno.unknown-section']);
  assert.deepEqual(problems('features:\nother:\n  Key: value\n'), ['1:1 reno.malformed-section', '3:3 reno.malformed-section']);
  assert.deepEqual(problems('prelude:\n  - a list\n'), ['2:3 reno.not-a-string']);
  assert.deepEqual(problems('- just a list\n'), ['1:1 reno.not-a-mapping']);
  // Where YAML finds it wrong: a quote still open at the end.
  assert.deepEqual(problems('fixes:\n  - "unclosed\n'), ['3:1 reno.invalid-yaml']);
  // A section the configuration adds is known; the prelude may be renamed.
  const config = readRenoConfig('sections:\n  - [api, API Changes]\nprelude_section_name: summary\n');
  assert.deepEqual(problems('api:\n  - Fine.\nsummary: Also fine.\nfeatures:\n  - Not a section here.\n', config), ['4:1 reno.unknown-section']);
  // YAML 1.1, as PyYAML reads it: `yes` is a boolean, not a note.
  assert.deepEqual(problems('fixes:\n  - yes\n'), ['2:5 reno.not-a-string']);
  // Clean notes: nothing.
  assert.deepEqual(problems('---\nprelude: >\n    Fine *prose*.\nfixes:\n  - |\n    Fixed `bug 1 <https://example.org/1>`_.\n\n    .. note::\n\n       Indented fine.\n  - Plain and fine.\n'), []);
});

test('ha-guide lint checks releasenotes/notes/*.yaml with the directives and roles of releasenotes/source, in walk order', () => {
  const dir = tree({
    'doc/source/conf.py': '\n',
    'doc/source/index.rst': 'Index\n=====\n\nText with `broken markup.\n',
    'releasenotes/source/conf.py': SOURCE_CONF + "extensions += ['sphinx.ext.extlinks']\nextlinks = {'bug': ('https://bugs.example.org/%s', 'bug %s')}\n",
    'releasenotes/source/index.rst': INDEX,
    'releasenotes/source/unreleased.rst': UNRELEASED,
    'releasenotes/notes/fix-a-0123456789abcdef.yaml': '---\nfixes:\n  - |\n    Fixes :bug:`123` and :oslo.config:option:`x`; `broken.\n',
    'releasenotes/notes/fine-1123456789abcdef.yaml': '---\nfeatures:\n  - Fine.\n',
    // What reno ignores, as cinder's, kolla's and openstack-ansible's trees have them: notes left out.
    'releasenotes/notes/sessions.yml': '---\nfeatures:\n  - Sessions.\n',
    'releasenotes/notes/fix-size-reporting.rst': '---\nfixes:\n  - |\n    Fixed\n      sizes.\n',
    'releasenotes/notes/.placeholder': '',
  });
  try {
    const r = lint(dir);
    assert.equal(r.status, 1);
    assert.deepEqual(r.lines, [
      'doc/source/index.rst:4:11: warning rst.inline-unterminated Inline interpreted text or phrase reference start-string without end-string.',
      'releasenotes/notes/fix-a-0123456789abcdef.yaml:4:27: error rst.unknown-role Unknown interpreted text role "oslo.config:option".',
      'releasenotes/notes/fix-a-0123456789abcdef.yaml:4:51: warning rst.inline-unterminated Inline interpreted text or phrase reference start-string without end-string.',
      'releasenotes/notes/fix-size-reporting.rst:1:1: warning reno.ignored-file reno reads only the .yaml files of releasenotes/notes: "fix-size-reporting.rst" is left out of the release notes. Rename it to "fix-size-reporting.yaml".',
      'releasenotes/notes/sessions.yml:1:1: warning reno.ignored-file reno reads only the .yaml files of releasenotes/notes: "sessions.yml" is left out of the release notes. Rename it to "sessions.yaml".',
    ]);
    // Named alone: the same records.
    assert.deepEqual(lint(dir, 'releasenotes/notes/fix-a-0123456789abcdef.yaml').lines, r.lines.slice(1, 3));
    assert.deepEqual(lint(dir, 'releasenotes/notes/sessions.yml').lines, r.lines.slice(4));
    // Without releasenotes/source, `:bug:` is unknown too.
    fs.rmSync(path.join(dir, 'releasenotes/source'), { recursive: true });
    assert.deepEqual(lint(dir, 'releasenotes').lines.map((l) => l.split(' ').slice(0, 3).join(' ')), [
      'releasenotes/notes/fix-a-0123456789abcdef.yaml:4:12: error rst.unknown-role',
      'releasenotes/notes/fix-a-0123456789abcdef.yaml:4:27: error rst.unknown-role',
      'releasenotes/notes/fix-a-0123456789abcdef.yaml:4:51: warning rst.inline-unterminated',
      'releasenotes/notes/fix-size-reporting.rst:1:1: warning reno.ignored-file',
      'releasenotes/notes/sessions.yml:1:1: warning reno.ignored-file',
    ]);
    // ha-guide migrate has nothing to do in a note.
    const m = spawnSync(process.execPath, [CLI, 'migrate', 'releasenotes'], { cwd: dir, encoding: 'utf8' });
    assert.equal(m.status, 0, m.stderr);
    assert.equal(m.stdout, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a note may refer to targets other notes define (reno writes a release's notes into one document) and to the report's section titles", () => {
  const dir = tree({
    // nova's numa-rebuild note: `..  _` with two spaces, and the target in the note before.
    'releasenotes/notes/numa-0123456789abcdef.yaml': '---\nfixes:\n  - |\n    Fixes `bug #1763766`_.\n\n    ..  _`bug #1763766`: https://bugs.example.org/1763766\n  - |\n    Since `bug #1763766`_, see the `Upgrade Notes`_ and `Known Issues`_.\n',
    // ironic's create_node_indexes: a named reference with its URI in one note, the name alone in another.
    'releasenotes/notes/indexes-2123456789abcdef.yaml': '---\nupgrade:\n  - |\n    See `tuning <https://example.org/tuning.html>`_.\nfixes:\n  - |\n    Consult the `tuning`_ documentation and `Secure RBAC`_.\n',
    // Another file of the notes folder defines it (which release each file is in, git says).
    'releasenotes/notes/rbac-3123456789abcdef.yaml': '---\nupgrade:\n  - |\n    Read it.\n\n    .. _`Secure RBAC`: https://example.org/rbac\n',
    // ironic-lib's note: a target nothing defines (the real build says `Unknown target name: "qemu_thread_create"`).
    'releasenotes/notes/qemu-4123456789abcdef.yaml': "---\nfixes:\n  - |\n    'qemu: qemu_thread_create_: Resource temporarily unavailable'\n",
  });
  try {
    assert.deepEqual(lint(dir).lines, ['releasenotes/notes/qemu-4123456789abcdef.yaml:4:12: error rst.unknown-target Unknown target name: "qemu_thread_create".']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("two notes of one id: reno keeps one of them (a real build of two added one commit apart showed only the second)", () => {
  assert.equal(noteUid('remove-irmc-driver-a1b2c3d4e5f6a7b8.yaml'), 'a1b2c3d4e5f6a7b8');
  // reno's older names carry the id first.
  assert.equal(noteUid('0b0b4b1c2d3e4f50-old-style-note.yaml'), '0b0b4b1c2d3e4f50');
  // The quick fix: the same name with a new id, as `reno new` gives one; older names keep their slug too.
  const hex = () => 'f00dfeedcafe0123';
  assert.deepEqual(releaseNoteActions('remove-irmc-driver-a1b2c3d4e5f6a7b8.yaml', [{ code: 'reno.duplicate-id', start: 0, end: 0 }], hex).map((a) => a.rename), ['remove-irmc-driver-f00dfeedcafe0123.yaml']);
  assert.deepEqual(releaseNoteActions('0b0b4b1c2d3e4f50-old-style-note.yaml', [{ code: 'reno.duplicate-id', start: 0, end: 0 }], hex).map((a) => a.rename), ['old-style-note-f00dfeedcafe0123.yaml']);
  const dir = tree({
    // ironic's and neutron's notes share a placeholder id copied from an example.
    'releasenotes/notes/enable-ramdisk-endpoints-a1b2c3d4e5f6a7b8.yaml': '---\nfeatures:\n  - Ramdisk endpoints.\n',
    'releasenotes/notes/remove-irmc-driver-a1b2c3d4e5f6a7b8.yaml': '---\nupgrade:\n  - The irmc driver is gone.\n',
    'releasenotes/notes/fine-0123456789abcdef.yaml': '---\nfixes:\n  - Fine.\n',
    // tempest keeps a folder per release: one id in two of them.
    'releasenotes/notes/14/14.0.0-add-role-assignments-client-d34b4fdf376984ad.yaml': '---\nfeatures:\n  - Roles.\n',
    'releasenotes/notes/15/15.0.0-add-identity-v3-clients-d34b4fdf376984ad.yaml': '---\nfeatures:\n  - Identity.\n',
  });
  try {
    assert.deepEqual(lint(dir).lines.slice(0, 2).map((l) => l.replace(/: reno takes .*/, '')), [
      'releasenotes/notes/14/14.0.0-add-role-assignments-client-d34b4fdf376984ad.yaml:1:1: warning reno.duplicate-id "15/15.0.0-add-identity-v3-clients-d34b4fdf376984ad.yaml" has this note\'s id too ("d34b4fdf376984ad", from the end of the name)',
      'releasenotes/notes/15/15.0.0-add-identity-v3-clients-d34b4fdf376984ad.yaml:1:1: warning reno.duplicate-id "14/14.0.0-add-role-assignments-client-d34b4fdf376984ad.yaml" has this note\'s id too ("d34b4fdf376984ad", from the end of the name)',
    ]);
    assert.deepEqual(lint(dir).lines.slice(2), [
      'releasenotes/notes/enable-ramdisk-endpoints-a1b2c3d4e5f6a7b8.yaml:1:1: warning reno.duplicate-id "remove-irmc-driver-a1b2c3d4e5f6a7b8.yaml" has this note\'s id too ("a1b2c3d4e5f6a7b8", from the end of the name): reno takes such notes for one, so the release notes keep only one of them (added in one commit, they stop the build). Give this note a new id, as `reno new` makes one.',
      'releasenotes/notes/remove-irmc-driver-a1b2c3d4e5f6a7b8.yaml:1:1: warning reno.duplicate-id "enable-ramdisk-endpoints-a1b2c3d4e5f6a7b8.yaml" has this note\'s id too ("a1b2c3d4e5f6a7b8", from the end of the name): reno takes such notes for one, so the release notes keep only one of them (added in one commit, they stop the build). Give this note a new id, as `reno new` makes one.',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("what is kept of a notes folder and of reno's configuration follows the files that change, one note at a time", () => {
  const dir = tree({
    'releasenotes/notes/a-1111111111111111.yaml': '---\nfixes:\n  - See `bug 1`_.\napi:\n  - A change.\n',
    'releasenotes/notes/b-2222222222222222.yaml': '---\nfixes:\n  - |\n    Fixed.\n\n    .. _bug 1: https://example.org/1\n',
  });
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: new NodeWorkspace([pathToFileURL(dir).href]), graphviz: false });
  const a = uri('releasenotes/notes/a-1111111111111111.yaml');
  const text = fs.readFileSync(new URL(a), 'utf8');
  const codes = () => service.computeReleaseNoteDiagnostics({ uri: a, version: 1, getText: () => text }).map((d) => d.code);
  const change = (rel: string, content: string | undefined) => {
    if (content === undefined) fs.rmSync(path.join(dir, rel));
    else fs.writeFileSync(path.join(dir, rel), content);
    service.fileChanged(uri(rel));
  };
  try {
    assert.deepEqual(codes(), ['reno.unknown-section']);
    // A note of the same id comes, and goes.
    change('releasenotes/notes/c-1111111111111111.yaml', '---\nfixes:\n  - Other.\n');
    assert.deepEqual(codes(), ['reno.duplicate-id', 'reno.unknown-section']);
    change('releasenotes/notes/c-1111111111111111.yaml', undefined);
    assert.deepEqual(codes(), ['reno.unknown-section']);
    // The other note no longer defines the target.
    change('releasenotes/notes/b-2222222222222222.yaml', '---\nfixes:\n  - Fixed.\n');
    assert.deepEqual(codes(), ['rst.unknown-target', 'reno.unknown-section']);
    // The configuration now has the section.
    change('releasenotes/config.yaml', 'sections:\n  - [fixes, Bug Fixes]\n  - [api, API Changes]\n');
    assert.deepEqual(codes(), ['rst.unknown-target']);
  } finally {
    service.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the editor's first check of a note does not wait for the other notes of its folder: they are read in slices, then what needs them follows", async () => {
  const files: Record<string, string> = {
    'releasenotes/notes/a-1111111111111111.yaml': '---\nfixes:\n  - See `bug 1`_ and `bug 2`_.\n',
    'releasenotes/notes/b-2222222222222222.yaml': '---\nfixes:\n  - |\n    Fixed.\n\n    .. _bug 1: https://example.org/1\n',
    'releasenotes/notes/c-1111111111111111.yaml': '---\nfixes:\n  - The same id as a.\n',
  };
  // Enough notes that reading them takes many slices of a few milliseconds (each is a file read and a scan).
  for (let i = 0; i < 3000; i++) files[`releasenotes/notes/n${i}-${(0x3000000000000000 + i).toString(16)}.yaml`] = `---\nfixes:\n  - Note ${i}.\n`;
  const dir = tree(files);
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: new NodeWorkspace([pathToFileURL(dir).href]), graphviz: false });
  const a = uri('releasenotes/notes/a-1111111111111111.yaml');
  const doc = { uri: a, version: 1, getText: () => files['releasenotes/notes/a-1111111111111111.yaml'] };
  const codes = (readOthers?: boolean) => service.computeReleaseNoteDiagnostics(doc, readOthers).map((d) => `${d.code} ${d.message.match(/"[^"]*"/)?.[0] ?? ''}`.trim());
  try {
    // Without the other notes: neither the unknown target (another note may define it) nor the shared id.
    assert.deepEqual(codes(false), []);
    assert.equal(service.notesKnown(a), false, 'the check read nothing');
    // The read yields to the event loop between its slices (the server answers meanwhile).
    let turns = 0;
    let reading = true;
    const tick = () => {
      turns++;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    const read = service.readNotes(a);
    assert.equal(service.readNotes(a), read, 'one read per folder at a time');
    // b loses its target while the folder is read (b may have been read already): the read reads it again.
    fs.writeFileSync(path.join(dir, 'releasenotes/notes/b-2222222222222222.yaml'), '---\nfixes:\n  - Fixed.\n');
    service.fileChanged(uri('releasenotes/notes/b-2222222222222222.yaml'));
    await read;
    reading = false;
    assert.ok(turns > 2, `the event loop turned ${turns} times while 3,003 notes were read`);
    assert.equal(service.notesKnown(a), true);
    assert.deepEqual(codes(false), ['reno.duplicate-id "c-1111111111111111.yaml"', 'rst.unknown-target "bug 1"', 'rst.unknown-target "bug 2"']);
    assert.deepEqual(codes(), codes(false));
  } finally {
    service.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the language server publishes a note at once, then again with what the other notes of its folder tell', async () => {
  const dir = tree({ 'releasenotes/notes/old-0123456789abcdef.yaml': '---\nfixes:\n  - |\n    Fixed.\n\n    .. _bug 7: https://example.org/7\n' });
  const client = await startLspClient(pathToFileURL(dir).href);
  try {
    const uri = pathToFileURL(path.join(dir, 'releasenotes/notes/new-0123456789abcdef.yaml')).href;
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: '---\nfixes:\n  - See `bug 7`_ and `bug 8`_.\n' } });
    const full = await latest(client, uri, (x) => x.version === 1 && x.diagnostics.length > 0, 'the note checked with the other notes');
    // The first publish, without them; then with them (the end of the workspace's indexing may check it again).
    const mine = client.published.filter((p) => p.uri === uri).map((p) => [p.version, p.diagnostics.map((d) => d.code)]);
    assert.deepEqual(mine[0], [1, []]);
    assert.ok(mine.length >= 2);
    for (const later of mine.slice(1)) assert.deepEqual(later, [1, ['reno.duplicate-id', 'rst.unknown-target']]);
    assert.match(full.diagnostics[1].message, /bug 8/);
    // `bug 7`_ opens the address the other note gives it; `bug 8`_ has none.
    const links = (await client.conn.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as { range: unknown; target: string }[];
    assert.deepEqual(links.map((l) => [l.range, l.target]), [[{ start: { line: 2, character: 8 }, end: { line: 2, character: 16 } }, 'https://example.org/7']]);
    // Read once: the next version is checked with them at once, in one publish.
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: '---\nfixes:\n  - See `bug 7`_.\n' }] });
    await latest(client, uri, (x) => x.version === 2, 'the note checked again');
    assert.deepEqual(client.published.filter((p) => p.uri === uri && p.version === 2)[0].diagnostics.map((d) => d.code), ['reno.duplicate-id']);
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a section written as an alias (`security: *notes`) holds the notes its anchor names, as PyYAML reads it: no error, and the page shows them in both sections', () => {
  // tripleo-heat-templates writes one list of notes under two sections this way.
  const yaml = 'upgrade: &notes\n  - Upgrade `first`.\nsecurity: *notes\nfixes:\n  - &one Fixed.\nother: *one\n';
  // The notes are checked once, where they are written (the role-less `first` is fine; an error would show once).
  assert.deepEqual(problems(yaml), []);
  assert.deepEqual(problems('upgrade: &notes\n  - A `broken note.\nsecurity: *notes\n'), ['2:7 rst.inline-unterminated']);
  // An alias of what is no note is still wrong.
  assert.deepEqual(problems('x: &n 42\nsecurity: *n\n'), ['1:1 reno.unknown-section', '2:11 reno.not-a-string']);
  const page = releaseNotePage(yaml, readRenoConfig(undefined));
  assert.deepEqual(page.rst.split('\n'), [
    'Upgrade Notes',
    '-------------',
    '',
    '- Upgrade `first`.',
    '',
    '',
    'Security Issues',
    '---------------',
    '',
    '- Upgrade `first`.',
    '',
    '',
    'Bug Fixes',
    '---------',
    '',
    '- Fixed.',
    '',
    '',
    'Other Notes',
    '-----------',
    '',
    '- Fixed.',
    '',
    '',
    '',
  ]);
  assert.deepEqual(page.lineOf.slice(6, 10), [2, 2, 2, 1]);
});

test("the page reno writes of a note: the prelude, then the sections in the configuration's order, each note a bullet item, each line from its line of the note", () => {
  const yaml = [
    '---', // 0
    'fixes:', // 1
    '  - |', // 2
    '    Fixed the VIP failover', // 3
    '    timeout.', // 4
    '', // 5
    '    .. code-block:: ini', // 6
    '', // 7
    '       [DEFAULT]', // 8
    "  - 'A quoted note.'", // 9
    'fix:', // 10: a section reno does not know: left out
    '  - Never shown.', // 11
    'upgrade:', // 12
    '  - Upgrade first.', // 13
    'prelude: >', // 14
    '  The release in', // 15
    '  one line.', // 16
    '',
  ].join('\n');
  const page = releaseNotePage(yaml, readRenoConfig(undefined));
  const lines = page.rst.split('\n');
  assert.deepEqual(lines, [
    'Prelude',
    '-------',
    '',
    'The release in one line.',
    '',
    '',
    'Upgrade Notes',
    '-------------',
    '',
    '- Upgrade first.',
    '',
    '',
    'Bug Fixes',
    '---------',
    '',
    '- Fixed the VIP failover',
    '  timeout.',
    '  ',
    '  .. code-block:: ini',
    '  ',
    '     [DEFAULT]',
    '',
    '- A quoted note.',
    '',
    '',
    '',
  ]);
  assert.deepEqual(page.lineOf, [14, 14, 14, 15, 15, 15, 12, 12, 12, 13, 13, 13, 1, 1, 1, 3, 4, 5, 6, 7, 8, 8, 9, 9, 9]);
  // It parses cleanly: three titles, the prelude's paragraph, two lists (one with a code block).
  const parsed = parseRst(page.rst, { registry: createRegistry([], []) });
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.blocks.map((b) => b.kind), ['section', 'paragraph', 'section', 'bulletList', 'section', 'bulletList']);
  // What reno cannot read, and a note of no known section, say so.
  assert.match(releaseNotePage('- a list\n', readRenoConfig(undefined)).rst, /not a YAML mapping/);
  assert.match(releaseNotePage('fixes: [\n', readRenoConfig(undefined)).rst, /not valid YAML/);
  assert.match(releaseNotePage('fix:\n  - Typo.\n', readRenoConfig(undefined)).rst, /no note in a section reno knows/);
});

test('the page of a note is what `reno report` writes of it, line for line', () => {
  // A repository holding this one note, committed and tagged 1.0.0: `reno report --no-show-source` (reno 4.0.0)
  // wrote these lines after the version's title, with its anchors (`.. _Release Notes_1.0.0_Prelude:` and the empty
  // line after each) taken out.
  const note = [
    '---',
    'prelude: >',
    '  This release moves the virtual IP',
    '  faster.',
    'fixes:',
    '  - |',
    '    Fixed the VIP failover',
    '    timeout.',
    '',
    '    .. code-block:: ini',
    '',
    '       [DEFAULT]',
    '       workers = 4',
    "  - 'A quoted note.'",
    'fix:',
    '  - Never shown.',
    'upgrade:',
    '  - Upgrade first.',
    'other: A lone string.',
    '',
  ].join('\n');
  const report =
    'Prelude\n-------\n\nThis release moves the virtual IP faster.\n\n\nUpgrade Notes\n-------------\n\n- Upgrade first.\n\n\n' +
    'Bug Fixes\n---------\n\n- Fixed the VIP failover\n  timeout.\n  \n  .. code-block:: ini\n  \n     [DEFAULT]\n     workers = 4\n\n' +
    '- A quoted note.\n\n\nOther Notes\n-----------\n\n- A lone string.\n\n\n';
  const page = releaseNotePage(note, readRenoConfig(undefined));
  assert.equal(page.rst, report);
  // How many columns further right each line's text stands in the note than on the page: the block's four spaces
  // against the item's two, the quoted note's quote, the folded prelude's two spaces; none for reno's titles.
  const pageLines = page.rst.split('\n');
  const fileLines = note.split('\n');
  const shiftAt = (text: string) => {
    const k = pageLines.findIndex((l) => l.includes(text));
    const column = pageLines[k].indexOf(text) + page.shiftOf[k];
    assert.equal(fileLines[page.lineOf[k]].slice(column, column + text.length), text, `${text} at column ${column} of the note's line ${page.lineOf[k]}`);
    return page.shiftOf[k];
  };
  assert.deepEqual(['This release moves the virtual IP', 'Fixed the VIP failover', 'workers = 4', 'A quoted note.', 'Upgrade first.'].map(shiftAt), [2, 2, 2, 3, 2]);
  assert.equal(page.shiftOf[pageLines.indexOf('Bug Fixes')], 0);
});

test('the preview of a note shows the page reno writes of it, each block at its line of the note', async () => {
  const dir = tree({});
  const client = await startLspClient(pathToFileURL(dir).href);
  try {
    const uri = pathToFileURL(path.join(dir, 'releasenotes/notes/fix-0123456789abcdef.yaml')).href;
    const text = '---\nfixes:\n  - |\n    Fixed the *VIP* failover.\n\n    .. graphviz::\n\n       digraph { a -> b }\nupgrade:\n  - Upgrade ``first``.\n';
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const r = (await client.conn.sendRequest('haGuide/preview', { uri, waitMs: 10000 })) as { html: string; diagrams: Record<string, string>; version: number };
    assert.equal(r.version, 1);
    // In the order of reno's sections, at the lines of the note: each title at its section's key.
    assert.match(r.html, /^<h1 id="upgrade-notes" data-line="8" data-line-end="8">Upgrade Notes<\/h1>\n<ul data-line="9">/);
    assert.match(r.html, /<code class="hg-literal-text">first<\/code>/);
    assert.match(r.html, /<h1 id="bug-fixes" data-line="1" data-line-end="1">Bug Fixes<\/h1>\n<ul data-line="3" data-line-end="7">/);
    assert.match(r.html, /<p data-line="3">Fixed the <em>VIP<\/em> failover\.<\/p>/);
    // The diagram's DOT starts on the note's line 8 (0-based 7), two columns further right than on the page (the
    // block scalar's four spaces against the list item's two): a click on a node opens the note there.
    assert.match(r.html, /<figure class="hg-diagram" data-line="5" data-line-end="7" data-diagram="0" data-dot-base="7" data-dot-shift="2"/);
    // The note's diagram is laid out as in any document.
    assert.equal(Object.keys(r.diagrams).length, 1);
    assert.match(Object.values(r.diagrams)[0], /<svg/);
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a note's named references link to the addresses of their targets, in the note or in the other notes", () => {
  const yaml = [
    '---',
    'fixes:',
    '  - |',
    '    Fixes `bug 1`_, bug2_ and `elsewhere`_; `not a link`_, `bug 3`_.',
    '',
    '    .. _bug 1: https://bugs.example.org/1',
    '    .. _bug2: https://bugs.example.org/2',
    '    .. _not a link: some text',
    '    .. _bug 3:',
    '       https://bugs.example.org/3',
    "  - 'See `tuning <https://docs.example.org/tuning>`_, then `tuning`_ again.'",
    'fix:',
    "  - A misspelled section's note, with `bug 1`_, is not in the page.",
    '',
  ].join('\n');
  const registry = createRegistry([], []);
  const links = releaseNoteLinks(yaml, readRenoConfig(undefined), (rst) => parseRst(rst, { registry }), new Map([['elsewhere', 'https://other.example.org/']]));
  assert.deepEqual(
    links.map((l) => [yaml.slice(l.start, l.end), l.target]),
    [
      ['`bug 1`_', 'https://bugs.example.org/1'],
      ['bug2_', 'https://bugs.example.org/2'],
      ['`elsewhere`_', 'https://other.example.org/'],
      ['`bug 3`_', 'https://bugs.example.org/3'],
      ['`tuning`_', 'https://docs.example.org/tuning'],
    ],
  );
});

test('ha-guide render writes the page reno writes of a note, at the lines of the note', () => {
  const dir = tree({ 'releasenotes/notes/fix-0123456789abcdef.yaml': '---\nfixes:\n  - Fixed the *VIP* failover.\nprelude: >\n  A release.\n' });
  try {
    const r = spawnSync(process.execPath, [CLI, 'render', 'releasenotes/notes/fix-0123456789abcdef.yaml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const body = r.stdout.slice(r.stdout.indexOf('<main'));
    assert.match(body, /<h1 id="prelude" data-line="3" data-line-end="3">Prelude<\/h1>\n<p data-line="4">A release\.<\/p>\n<h1 id="bug-fixes" data-line="1" data-line-end="1">Bug Fixes<\/h1>\n<ul data-line="2">\n<li data-line="2"><p data-line="2">Fixed the <em>VIP<\/em> failover\.<\/p>/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('ha-guide preview of a note serves the page reno writes of it', async () => {
  const dir = tree({ 'releasenotes/notes/fix-0123456789abcdef.yaml': '---\nfixes:\n  - Fixed the *VIP* failover.\nupgrade:\n  - Upgrade first.\n' });
  let resolveStop!: () => void;
  let port = 0;
  let done: Promise<number> | undefined;
  const listening = new Promise<void>((resolve) => {
    done = previewCommand([path.join(dir, 'releasenotes/notes/fix-0123456789abcdef.yaml'), '--port', '0'], { stdout: { write: () => true }, stderr: { write: () => true } }, {
      stop: new Promise<void>((r) => (resolveStop = r)),
      onListening: (s) => {
        port = s.port;
        resolve();
      },
    });
  });
  try {
    await listening;
    const body = await new Promise<string>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    assert.match(body, /<h1 id="upgrade-notes" data-line="3" data-line-end="3">Upgrade Notes<\/h1>[\s\S]*<h1 id="bug-fixes" data-line="1" data-line-end="1">Bug Fixes<\/h1>\n<ul data-line="2">/);
    assert.match(body, /<p data-line="2">Fixed the <em>VIP<\/em> failover\.<\/p>/);
  } finally {
    resolveStop?.();
    assert.equal(await done, 0);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the language server checks a release note open as YAML, and gives it no RST features', async () => {
  const dir = tree({
    // A docstring that reads as a section title if conf.py were taken for a document.
    'releasenotes/source/conf.py': '"""\n\nConfiguration Title\n===================\n\n"""\n' + SOURCE_CONF,
    'releasenotes/source/index.rst': INDEX,
    'releasenotes/source/unreleased.rst': UNRELEASED,
  });
  const client = await startLspClient(pathToFileURL(dir).href);
  try {
    const uri = pathToFileURL(path.join(dir, 'releasenotes/notes/fix-0123456789abcdef.yaml')).href;
    const text = '---\nfixes:\n  - |\n    A `broken note.\n';
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const p = await latest(client, uri, (x) => x.version === 1, 'the note checked');
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.source]), [['rst.inline-unterminated', 3, 6, 'rst']]);
    // The editor's YAML support answers for the rest: no outline, folding or links from the RST features.
    assert.equal(await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }), null);
    assert.equal(await client.conn.sendRequest('textDocument/foldingRange', { textDocument: { uri } }), null);
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: '---\nfixes:\n  - A fixed note.\n' }] });
    const fixed = await latest(client, uri, (x) => x.version === 2, 'the note checked again');
    assert.deepEqual(fixed.diagnostics, []);
    // Quick fixes: the closest section for a misspelled one.
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: '---\nupgrades:\n  - Upgrade first.\n' }] });
    const misspelled = await latest(client, uri, (x) => x.version === 3, 'the misspelled section checked');
    assert.deepEqual(misspelled.diagnostics.map((d) => d.code), ['reno.unknown-section']);
    const fixes = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: misspelled.diagnostics[0].range, context: { diagnostics: misspelled.diagnostics } })) as { title: string; edit: { changes: Record<string, { range: unknown; newText: string }[]> } }[];
    assert.deepEqual(fixes.map((f) => [f.title, f.edit.changes[uri][0].newText, f.edit.changes[uri][0].range]), [['Change to "upgrade"', 'upgrade', { start: { line: 1, character: 0 }, end: { line: 1, character: 8 } }]]);
    // Completion of the sections the note does not have yet.
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: '---\nupgrade:\n  - Upgrade first.\nfe' }] });
    const offered = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 2 } })) as { label: string; detail: string; textEdit: { newText: string; range: unknown } }[];
    assert.deepEqual(offered.map((c) => [c.label, c.detail, c.textEdit.newText, c.textEdit.range]), [['features', 'New Features', 'features:\n  - |\n    $0', { start: { line: 3, character: 0 }, end: { line: 3, character: 2 } }]]);
    // No mapping at all; then closed: its problems go with it.
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: '- not a mapping\n' }] });
    assert.equal((await latest(client, uri, (x) => x.version === 5, 'the broken note checked')).diagnostics[0].code, 'reno.not-a-mapping');
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await latest(client, uri, (x) => x.version === undefined && x.diagnostics.length === 0, 'the closed note cleared');
    // A `.yml` there, which reno ignores, and a `.rst` of no Sphinx project: left out, they say.
    for (const [name, languageId] of [['sessions.yml', 'yaml'], ['fix-size.rst', 'restructuredtext']]) {
      const other = pathToFileURL(path.join(dir, 'releasenotes/notes', name)).href;
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId, version: 1, text: '---\nfixes:\n  - |\n    Fixed\n      sizes.\n' } });
      const left = await latest(client, other, (x) => x.version === 1, `${name} checked`);
      assert.deepEqual(left.diagnostics.map((d) => [d.code, d.range.start.line]), [['reno.ignored-file', 0]]);
      // Its quick fix renames it to the name reno reads.
      const rename = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: other }, range: left.diagnostics[0].range, context: { diagnostics: left.diagnostics } })) as { title: string; edit: { documentChanges: unknown[] } }[];
      const yaml = name.replace(/\.\w+$/, '.yaml');
      assert.deepEqual(rename.map((f) => [f.title, f.edit.documentChanges]), [[`Rename to "${yaml}"`, [{ kind: 'rename', oldUri: other, newUri: other.replace(name, yaml) }]]]);
    }
    // A conf.py open for its hover, then closed, is not read back into the index as a document.
    const conf = pathToFileURL(path.join(dir, 'releasenotes/source/conf.py')).href;
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: conf, languageId: 'python', version: 1, text: SOURCE_CONF } });
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: conf } });
    assert.deepEqual(await client.conn.sendRequest('workspace/symbol', { query: 'Configuration Title' }), []);
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a note file of many notes is checked in linear time', () => {
  const note = (i: number) => `  - |\n    Note ${i} with *emphasis* and \`broken ${i}\n\n    A second paragraph.\n`;
  expectLinear(
    'release note of n notes',
    (n) => `fixes:\n${Array.from({ length: n }, (_, i) => note(i)).join('')}`,
    (yaml, n) => assert.equal(problems(yaml).length, n),
    200,
  );
});

test('mangled notes never throw, every problem lies inside the file, and each line of their page comes from one of theirs', () => {
  const seeds = [
    '---\nprelude: >\n    Folded *text*.\nfeatures:\n  - |\n    A `link <https://example.org>`_ and ``code``.\n\n    .. code-block:: console\n\n       $ openstack server list\n  - Plain "and" \'quoted\' note.\nfixes: &a\n  - *a\n',
    "fixes:\n  - 'It''s `broken'\n  - \"tab\\there \\u00e9\"\n  - |-\n    Strip.\n  - |+2\n      Kept.\n\nother: !!str 12\n",
  ];
  const marks = ['\n', ' ', '  ', '- ', ': ', '|', '>', '"', "'", '`', '*', '&x ', '*x', '#', '\t', '{', '[', ']', '}', '\r\n', '\\', '.. _t:', '\u00a0'];
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < 600; i++) {
    let text = seeds[i % seeds.length];
    for (let k = 0; k < 1 + rand(4); k++) {
      const at = rand(text.length + 1);
      text = rand(3) === 0 ? text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + rand(6))) : text.slice(0, at) + marks[rand(marks.length)] + text.slice(at);
    }
    const found = releaseNoteProblems(text, readRenoConfig(undefined), (rst, targets) => {
      const parsed = parseRst(rst, { registry: createRegistry([], []) });
      return [...parsed.problems, ...checkDocument(parsed, createRegistry([], []), { targets })];
    });
    for (const p of found) assert.ok(p.start >= 0 && p.start <= p.end && p.end <= text.length, `${p.code} at ${p.start}-${p.end} in ${JSON.stringify(text)}`);
    // Its preview's page: a line of the note for each of its lines.
    const page = releaseNotePage(text, readRenoConfig(undefined));
    const lines = text.split('\n').length;
    assert.equal(page.lineOf.length, page.rst.split('\n').length - 1, JSON.stringify(text));
    assert.ok(page.lineOf.every((l) => Number.isInteger(l) && l >= 0 && l < lines), `${JSON.stringify(page.lineOf)} for ${JSON.stringify(text)}`);
  }
});
