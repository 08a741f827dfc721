import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BrowserWorkspace, type FsClient } from '../../server/src/browser/workspace';
import { pathToUri, toPath } from '../../server/src/common/uri';
import { NodeWorkspace, cmakeConfFolders, sphinxFolders } from '../../server/src/nodeWorkspace';
import { confRootDoc } from '../../server/src/project/confpy';
import { ProjectKnowledge } from '../../server/src/project/project';

/**
 * A build that reads conf.py from the folder above its sources (`sphinx -M html source build -c .`): both
 * workspaces, the desktop one on the disk and the web one over the client's file system requests (served here
 * from the same disk), take the folder below as the source folder and read conf.py from above.
 */

/** The client's file system requests, answered from the disk (what the web extension's client does with `vscode.workspace.fs`). */
const diskClient: FsClient = {
  async list({ folder }) {
    const out: { uri: string; directory: boolean }[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const p = path.join(dir, e.name);
        out.push({ uri: pathToUri(p), directory: e.isDirectory() });
        if (e.isDirectory()) walk(p);
      }
    };
    walk(toPath(folder)!);
    return { entries: out, truncated: false };
  },
  async read({ uri }) {
    try {
      return { text: fs.readFileSync(toPath(uri)!, 'utf8') };
    } catch {
      return {};
    }
  },
  async stat({ uri }) {
    try {
      const s = fs.statSync(toPath(uri)!);
      return { type: s.isDirectory() ? 'directory' : 'file', size: s.size };
    } catch {
      return { type: 'none', size: 0 };
    }
  },
};

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-below-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function workspaces(dir: string) {
  const node = new NodeWorkspace([dir]);
  const web = new BrowserWorkspace(diskClient, confRootDoc);
  web.setFolders([pathToUri(dir)]);
  await web.load();
  return { node, web };
}

test('sources below conf.py: their folder is the source folder, conf.py is read from above, a file beside them is in no build', async () => {
  const dir = tree({
    'conf.py': "project = 'p'\n",
    'README.rst': 'Readme\n======\n',
    'source/index.rst': 'Index\n=====\n',
    'source/guide/install.rst': 'Install\n=======\n',
    'source/guide/index.rst': 'Guide\n=====\n',
    'docker/Dockerfile': 'FROM x\n',
  });
  const u = (rel: string) => pathToUri(path.join(dir, rel));
  const source = u('source') + '/';
  for (const [name, ws] of Object.entries(await workspaces(dir))) {
    assert.equal(ws.sourceDir(u('source/guide/install.rst')), source, name);
    assert.equal(ws.sourceDir(u('source/index.rst')), source, name);
    assert.equal(ws.sourceDir(u('conf.py')), source, `${name}: conf.py stands for its build`);
    assert.equal(ws.sourceDir(u('README.rst')), undefined, `${name}: beside the sources, in no build`);
    assert.equal(ws.confDir?.(source), u('') + '/', name);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('sources below conf.py when a file beside conf.py is asked first (tarantool lists CONTRIBUTING.rst before doc/): the sources are still the build\'s', async () => {
  const dir = tree({
    'conf.py': "project = 'p'\n",
    'CONTRIBUTING.rst': 'Contributing\n============\n',
    'html/conf.py': "exec(open('../conf.py').read())\n",
    'doc/index.rst': 'Index\n=====\n',
    'doc/admin/upgrade.rst': 'Upgrade\n=======\n',
  });
  const u = (rel: string) => pathToUri(path.join(dir, rel));
  for (const [name, ws] of Object.entries(await workspaces(dir))) {
    assert.equal(ws.sourceDir(u('CONTRIBUTING.rst')), undefined, `${name}: beside the sources, in no build`);
    assert.equal(ws.sourceDir(u('doc/admin/upgrade.rst')), u('doc') + '/', name);
    assert.equal(ws.sourceDir(u('doc/index.rst')), u('doc') + '/', name);
    assert.equal(ws.sourceDir(u('CONTRIBUTING.rst')), undefined, `${name}: asked again`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a conf.py beside its root document, or with two candidate folders, or a computed root document: its own folder, as before', async () => {
  const cases: Record<string, string>[] = [
    { 'conf.py': '', 'index.rst': 'I\n=\n', 'source/index.rst': 'S\n=\n' },
    { 'conf.py': '', 'a/index.rst': 'A\n=\n', 'b/index.rst': 'B\n=\n' },
    { 'conf.py': "master_doc = os.environ['DOC']\n", 'source/index.rst': 'S\n=\n' },
    // root_doc names the root document, README.rst beside conf.py.
    { 'conf.py': "root_doc = 'README'\n", 'README.rst': 'R\n=\n', 'source/index.rst': 'S\n=\n' },
  ];
  for (const files of cases) {
    const dir = tree(files);
    for (const [name, ws] of Object.entries(await workspaces(dir))) {
      const doc = Object.keys(files).find((f) => f.endsWith('.rst') && f.includes('/'))!;
      assert.equal(ws.sourceDir(pathToUri(path.join(dir, doc))), pathToUri(dir) + '/', `${name}: ${JSON.stringify(files)}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // `root_doc = 'contents'` with contents.rst below: that folder.
  const dir = tree({ 'conf.py': "root_doc = 'contents'  # the top page\n", 'index.rst': 'I\n=\n', 'docs/contents.rst': 'C\n=\n' });
  for (const [name, ws] of Object.entries(await workspaces(dir))) {
    assert.equal(ws.sourceDir(pathToUri(path.join(dir, 'docs/contents.rst'))), pathToUri(path.join(dir, 'docs')) + '/', name);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the root document is read from conf.py as Sphinx reads it: root_doc before master_doc, chained, annotated or prefixed assignments", async () => {
  // Each conf.py makes Sphinx read `contents` (root_doc, else master_doc): it lies in docs/, and the index.rst beside
  // conf.py is not the root document, so docs/ is the source folder of a `-c` build.
  const confs = [
    "master_doc = root_doc = 'contents'\n",
    "master_doc = 'index'  # the old name\nroot_doc = \"contents\"  # the top page\n",
    "root_doc: str = 'contents'\n",
    "root_doc = u'contents'\n",
    "root_doc = 'index'\nroot_doc = 'contents'\n",
    "import os\nDOC = 'contents'\nmaster_doc = DOC\n",
  ];
  for (const conf of confs) {
    assert.equal(confRootDoc(conf), 'contents', conf);
    const dir = tree({ 'conf.py': conf, 'index.rst': 'I\n=\n', 'docs/contents.rst': 'C\n=\n' });
    for (const [name, ws] of Object.entries(await workspaces(dir))) {
      assert.equal(ws.sourceDir(pathToUri(path.join(dir, 'docs/contents.rst'))), pathToUri(path.join(dir, 'docs')) + '/', `${name}: ${JSON.stringify(conf)}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // Neither named: index; a value computed from what is not known here: null (no guess); a line in a string: no setting.
  assert.equal(confRootDoc("project = 'p'\n"), 'index');
  assert.equal(confRootDoc("import os\nroot_doc = os.environ['DOC']\nmaster_doc = 'contents'\n"), null);
  assert.equal(confRootDoc('"""\nroot_doc = \'contents\'\n"""\n'), 'index');
});

test('a folder whose CMakeLists.txt configures conf.py from a template: the source folder, conf.py and its configured local extension read from the templates', async () => {
  const dir = tree({
    'doc/CMakeLists.txt': [
      '# configure_file(old.py conf.py)',
      'configure_file(ext/tsext.cmake.in.py ext/tsext.py)',
      'configure_file(${CMAKE_CURRENT_SOURCE_DIR}/conf.cmake.in.py "${CMAKE_CURRENT_BINARY_DIR}/conf.py" @ONLY)',
      'add_custom_target(docs COMMAND python -m sphinx -W -c ${CMAKE_CURRENT_BINARY_DIR} -b html ${CMAKE_CURRENT_SOURCE_DIR} out)',
      '',
    ].join('\n'),
    'doc/conf.cmake.in.py': [
      'import os, sys',
      "sys.path.insert(0, os.path.abspath('ext'))",
      "extensions = ['sphinx.ext.todo', 'tsext']",
      "version = '@TS_VERSION_STRING@'",
      'numfig = @DOC_NUMFIG@',
      "exclude_patterns = ['drafts']",
      '',
    ].join('\n'),
    'doc/ext/tsext.cmake.in.py': "def setup(app):\n    app.add_directive('ts-cv', object)\n    app.add_role('ts-file', object)\n",
    // The copy the source tree also holds: the build reads the one CMake configures into its binary folder.
    'doc/ext/tsext.py': "def setup(app):\n    app.add_directive('stale-directive', object)\n",
    'doc/index.rst': 'Index\n=====\n',
    'doc/guide/install.rst': 'Install\n=======\n',
    'src/CMakeLists.txt': 'configure_file(config.h.in config.h)\n',
    'src/notes.rst': 'Notes\n=====\n',
  });
  const u = (rel: string) => pathToUri(path.join(dir, rel));
  const docDir = u('doc') + '/';
  for (const [name, ws] of Object.entries(await workspaces(dir))) {
    assert.equal(ws.sourceDir(u('doc/guide/install.rst')), docDir, name);
    assert.equal(ws.sourceDir(u('doc/index.rst')), docDir, name);
    assert.equal(ws.sourceDir(u('src/notes.rst')), undefined, `${name}: a CMakeLists.txt configuring no conf.py makes no project`);
    const knowledge = new ProjectKnowledge({ readFile: (uri) => ws.readFile?.(uri), sourceDir: (uri) => ws.sourceDir(uri), confDir: ws.confDir ? (d) => ws.confDir!(d) : undefined });
    const project = knowledge.project(u('doc/index.rst'));
    assert.ok(project, `${name}: the template read as conf.py`);
    assert.deepEqual(project.conf.extensions, ['sphinx.ext.todo', 'tsext'], name);
    assert.deepEqual(project.conf.excludePatterns, ['drafts'], name);
    assert.equal(project.providers.get('directive:ts-cv')?.uri, u('doc/ext/tsext.cmake.in.py'), `${name}: the extension's template, as CMake configures it`);
    assert.ok(project.providers.has('role:ts-file'), name);
    assert.ok(!project.providers.has('directive:stale-directive'), `${name}: the source tree's copy is not what the build imports`);
    assert.deepEqual(project.unknownExtensions, [], name);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a CMake-configured conf.py: a conf.py the folder holds is read as before; a template missing, no project', async () => {
  const withConf = tree({
    'doc/CMakeLists.txt': 'configure_file(conf.cmake.in.py conf.py)\n',
    'doc/conf.cmake.in.py': "extensions = ['from_template']\n",
    'doc/conf.py': "extensions = ['from_conf']\n",
    'doc/index.rst': 'Index\n=====\n',
  });
  const missing = tree({ 'doc/CMakeLists.txt': 'configure_file(conf.cmake.in.py conf.py)\n', 'doc/index.rst': 'Index\n=====\n' });
  for (const [name, ws] of Object.entries(await workspaces(withConf))) {
    const knowledge = new ProjectKnowledge({ readFile: (uri) => ws.readFile?.(uri), sourceDir: (uri) => ws.sourceDir(uri) });
    assert.deepEqual(knowledge.project(pathToUri(path.join(withConf, 'doc/index.rst')))?.conf.extensions, ['from_conf'], name);
  }
  for (const [name, ws] of Object.entries(await workspaces(missing))) assert.equal(ws.sourceDir(pathToUri(path.join(missing, 'doc/index.rst'))), undefined, name);
  fs.rmSync(withConf, { recursive: true, force: true });
  fs.rmSync(missing, { recursive: true, force: true });
});

test("a folder whose meson.build configures conf.py from a template (libcamera's Documentation): the source folder, conf.py read from the template, its doxylink roles known", async () => {
  const dir = tree({
    'Documentation/meson.build': [
      "# configure_file(input : 'old.py', output : 'conf.py')",
      "sphinx_conf = configure_file(input : 'conf.py.in',",
      "                             output : 'conf.py',",
      '                             configuration : {',
      "                                'CURRENT_SRCDIR': meson.current_source_dir(),",
      "                                'TOP_BUILDDIR': meson.project_build_root(),",
      '                             })',
      "custom_target('documentation', command : [sphinx, '-b', 'html', '-c', fs.parent(sphinx_conf), meson.current_source_dir(), '@OUTPUT@'], output : 'html')",
      '',
    ].join('\n'),
    'Documentation/conf.py.in': [
      "extensions = ['sphinx.ext.graphviz', 'sphinxcontrib.doxylink']",
      "doxylink = {'doxy-pub': ('@TOP_BUILDDIR@/Documentation/public-api/tagfile.xml', 'public-api/')}",
      "html_logo = '@CURRENT_SRCDIR@/theme/logo.svg'",
      '',
    ].join('\n'),
    'Documentation/index.rst': 'Index\n=====\n\nSee :doxy-pub:`Camera`.\n',
    'src/meson.build': "configure_file(input : 'config.h.in', output : 'config.h', configuration : cdata)\n",
    'src/config.h.in': '',
    'src/notes.rst': 'Notes\n=====\n',
  });
  const u = (rel: string) => pathToUri(path.join(dir, rel));
  for (const [name, ws] of Object.entries(await workspaces(dir))) {
    assert.equal(ws.sourceDir(u('Documentation/index.rst')), u('Documentation') + '/', name);
    assert.equal(ws.sourceDir(u('src/notes.rst')), undefined, `${name}: a meson.build configuring no conf.py makes no project`);
    const knowledge = new ProjectKnowledge({ readFile: (uri) => ws.readFile?.(uri), sourceDir: (uri) => ws.sourceDir(uri) });
    const project = knowledge.project(u('Documentation/index.rst'));
    assert.ok(project, `${name}: the template read as conf.py`);
    assert.deepEqual(project.conf.extensions, ['sphinx.ext.graphviz', 'sphinxcontrib.doxylink'], name);
    assert.equal(project.conf.values.html_logo, './theme/logo.svg', `${name}: @CURRENT_SRCDIR@ is the folder itself`);
    assert.equal(project.providers.get('role:doxy-pub')?.source, 'sphinxcontrib.doxylink', name);
    assert.deepEqual(project.unknownExtensions, [], name);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the listing asks whether a folder is in a Sphinx source folder once per folder: each CMakeLists.txt is read once', () => {
  // A tree like llvm's or zephyr's: a CMakeLists.txt in every folder, none configuring conf.py, seven levels deep
  // and three folders wide at each level below the top.
  const root = path.join(path.sep, 'r');
  const lists = new Map<string, string>();
  const folders: string[] = [];
  const grow = (dir: string, depth: number) => {
    folders.push(dir);
    lists.set(path.join(dir, 'CMakeLists.txt'), 'configure_file(config.h.in config.h)\nadd_subdirectory(x)\n');
    if (depth < 6) for (const name of ['a', 'b', 'c']) grow(path.join(dir, name), depth + 1);
  };
  grow(root, 0);
  const reads = new Map<string, number>();
  let existsCalls = 0;
  const files = {
    exists: (p: string) => {
      existsCalls++;
      return lists.has(p);
    },
    read: (p: string) => {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return lists.get(p);
    },
  };
  const inSphinxFolder = sphinxFolders(root, files);
  // Every folder asked about, leaves first, and each asked again (a walk meets a folder at two real paths).
  for (const pass of [0, 1]) for (const dir of [...folders].reverse()) assert.equal(inSphinxFolder(dir), false, `${dir} (pass ${pass})`);
  assert.equal(reads.size, folders.length, 'every CMakeLists.txt read');
  assert.deepEqual([...new Set(reads.values())], [1], 'each CMakeLists.txt read once');
  assert.equal(existsCalls, 2 * folders.length, 'conf.py and CMakeLists.txt looked for once per folder');

  // A CMakeLists.txt that configures conf.py: its folder and every folder below are in a source folder.
  lists.set(path.join(root, 'a', 'CMakeLists.txt'), 'configure_file(conf.in.py conf.py)\n');
  lists.set(path.join(root, 'a', 'conf.in.py'), '');
  reads.clear();
  const again = sphinxFolders(root, files);
  assert.equal(again(path.join(root, 'a', 'b', 'c')), true);
  assert.equal(again(path.join(root, 'a', 'c')), true);
  assert.equal(again(path.join(root, 'b', 'c')), false);
  assert.ok([...reads.values()].every((n) => n === 1), JSON.stringify([...reads]));

  // The workspace's own look-up (`sourceDir`) keeps its answers per folder the same way.
  const known = cmakeConfFolders(files);
  reads.clear();
  for (let i = 0; i < 5; i++) for (const dir of folders) known(dir);
  assert.ok([...reads.values()].every((n) => n === 1), JSON.stringify([...reads]));
});

test('a conf.py above its sources that the conf.py of a folder below runs as its own code (tarantool\'s `-c html/`): its relative paths start in that folder', async () => {
  const dir = tree({
    'conf.py': [
      'import os, sys',
      "sys.path.insert(0, os.path.abspath('..'))",
      "extensions = ['ext.custom']",
      "with open('../prolog.rst', 'r') as prolog:",
      '    rst_prolog = prolog.read()',
      '',
    ].join('\n'),
    'prolog.rst': '.. |product| replace:: Tarantool\n',
    'ext/__init__.py': '',
    'ext/custom.py': "def setup(app):\n    app.add_role('tarantool-issue', None)\n",
    'epub/conf.py': "exec(open('../conf.py').read())\n\nepub_title = 'x'\n",
    'html/conf.py': "exec(open('../conf.py').read())\n\nlocale_dirs = ['../locale']\n",
    'doc/index.rst': 'Index\n=====\n\n|product| :tarantool-issue:`1`\n',
  });
  const u = (rel: string) => pathToUri(path.join(dir, rel));
  // Both workspaces: the web one lists a folder from the client's listing.
  for (const [name, each] of Object.entries(await workspaces(dir))) {
    const knowledge = new ProjectKnowledge({ readFile: (uri) => each.readFile?.(uri), sourceDir: (uri) => each.sourceDir(uri), confDir: (d) => each.confDir!(d), listDir: (d) => each.listDir!(d) });
    const project = knowledge.project(u('doc/index.rst'));
    assert.ok(project, name);
    assert.equal(project.conf.rstProlog, '.. |product| replace:: Tarantool\n', `${name}: open("../prolog.rst") from epub/, as the build runs it`);
    assert.deepEqual(project.conf.computedPrelude, [], name);
    assert.equal(project.providers.get('role:tarantool-issue')?.uri, u('ext/custom.py'), `${name}: sys.path ".." from epub/: the repository`);
    assert.deepEqual(
      each.listDir!(u('epub') + '/'),
      [{ name: 'conf.py', folder: false }],
      `${name}: a folder's entries`,
    );
  }
  const ws = new NodeWorkspace([dir]);
  // Without a conf.py below that runs it, conf.py runs in its own folder: "../prolog.rst" is outside, unknown.
  fs.rmSync(path.join(dir, 'epub'), { recursive: true });
  fs.rmSync(path.join(dir, 'html'), { recursive: true });
  const alone = new ProjectKnowledge({ readFile: (uri) => ws.readFile?.(uri), sourceDir: (uri) => ws.sourceDir(uri), confDir: (d) => ws.confDir(d), listDir: (d) => ws.listDir(d) });
  assert.deepEqual(alone.project(u('doc/index.rst'))?.conf.computedPrelude, ['rst_prolog']);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a CMake build that runs sphinx-build with its configured conf.py on a folder elsewhere (CMake's own Help/): that folder is the source folder, read with the template and its local extension", async () => {
  const dir = tree({
    'CMakeLists.txt': 'project(Demo C)\nadd_subdirectory(Source)\nif(BUILD_DOCS)\n  add_subdirectory(Utilities)\nendif()\n',
    'Source/CMakeLists.txt': 'add_library(demo demo.c)\n',
    'Utilities/CMakeLists.txt': 'add_subdirectory(Sphinx)\n',
    'Utilities/Sphinx/CMakeLists.txt': [
      'project(DemoHelp NONE)',
      'set(conf_docs "${Demo_SOURCE_DIR}/Help")',
      'set(conf_path "${CMAKE_CURRENT_SOURCE_DIR}")',
      'set(conf_ext "${conf_path}/ext")',
      'configure_file(conf.py.in conf.py @ONLY)',
      'set(_args',
      '    -c ${CMAKE_CURRENT_BINARY_DIR}',
      '    -d ${CMAKE_CURRENT_BINARY_DIR}/doctrees',
      '    -b html',
      '    ${Demo_SOURCE_DIR}/Help',
      '    ${CMAKE_CURRENT_BINARY_DIR}/html)',
      'add_custom_command(OUTPUT html.stamp COMMAND ${SPHINX_EXECUTABLE} ${_args})',
    ].join('\n'),
    'Utilities/Sphinx/conf.py.in': [
      'import sys, glob',
      "sys.path.insert(0, r'@conf_ext@')",
      "master_doc = 'index'",
      "extensions = ['demoext']",
      "templates_path = ['@conf_path@/templates']",
      "manuals = sorted(glob.glob(r'@conf_docs@/manual/*.rst'))",
      '',
    ].join('\n'),
    'Utilities/Sphinx/ext/demoext.py': "def setup(app):\n    app.add_role('prop_tgt', object)\n",
    'README.rst': 'Demo\n====\n',
    'Help/index.rst': 'Help\n====\n\n.. toctree::\n\n   manual/a\n',
    'Help/manual/a.rst': 'A\n=\n\nSee :prop_tgt:`X`.\n',
    // The same rule in a folder no add_subdirectory reaches: not a build CMake runs.
    'Tests/Docs/CMakeLists.txt': 'configure_file(conf.py.in conf.py)\nadd_custom_target(d COMMAND sphinx-build -c ${CMAKE_CURRENT_BINARY_DIR} ${CMAKE_SOURCE_DIR}/Other out)\n',
    'Tests/Docs/conf.py.in': '',
    'Other/index.rst': 'Other\n=====\n',
  });
  const u = (rel: string) => pathToUri(path.join(dir, rel));
  for (const [name, ws] of Object.entries(await workspaces(dir))) {
    // A file at the top asked first (`ha-guide lint .` lists it first): its folder's answer, no build, is kept.
    assert.equal(ws.sourceDir(u('README.rst')), undefined, name);
    assert.equal(ws.sourceDir(u('Help/manual/a.rst')), u('Help') + '/', name);
    assert.equal(ws.sourceDir(u('Help/index.rst')), u('Help') + '/', name);
    assert.equal(ws.confDir?.(u('Help') + '/'), u('Utilities/Sphinx') + '/', `${name}: conf.py is the one configured in Utilities/Sphinx`);
    assert.equal(ws.sourceDir(u('Other/index.rst')), undefined, `${name}: a folder only a CMakeLists.txt no add_subdirectory reaches names`);
    const knowledge = new ProjectKnowledge({ readFile: (uri) => ws.readFile?.(uri), sourceDir: (uri) => ws.sourceDir(uri), confDir: ws.confDir ? (d) => ws.confDir!(d) : undefined });
    const project = knowledge.project(u('Help/manual/a.rst'));
    assert.ok(project, `${name}: the template read as conf.py`);
    assert.equal(project.root, u('Help') + '/', name);
    assert.deepEqual(project.conf.extensions, ['demoext'], name);
    assert.equal(project.providers.get('role:prop_tgt')?.uri, u('Utilities/Sphinx/ext/demoext.py'), `${name}: the local extension found on sys.path, the folder put in for @conf_ext@`);
    assert.deepEqual(project.unknownExtensions, [], name);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** pip's noxfile.py: its docs session builds docs/html, then docs/man with `-c docs/html`, through a nested function. */
const PIP_NOXFILE = [
  'import shutil',
  'import nox',
  '',
  '',
  '@nox.session',
  'def docs(session: nox.Session) -> None:',
  '    session.install("-e", ".")',
  '',
  '    def get_sphinx_build_command(kind: str) -> list[str]:',
  '        return [',
  '            "sphinx-build",',
  '            "--keep-going",',
  '            "--tag", kind,',
  '            "-W",',
  '            "-c", "docs/html",  # see note above',
  '            "-d", "docs/build/doctrees/" + kind,',
  '            "-b", kind,',
  '            "--jobs", "auto",',
  '            "docs/" + kind,',
  '            "docs/build/" + kind,',
  '        ]',
  '',
  '    shutil.rmtree("docs/build", ignore_errors=True)',
  '    session.run(*get_sphinx_build_command("html"))',
  '    session.run(*get_sphinx_build_command("man"))',
  '',
  '',
  '@nox.session(name="docs-live")',
  'def docs_live(session: nox.Session) -> None:',
  '    session.run("sphinx-autobuild", "-b=dirhtml", "docs/html", "docs/build/livehtml", *session.posargs)',
  '',
].join('\n');

/** pip's docs/html/conf.py, shortened: its local extension beside docs/html, found through sys.path. */
const PIP_CONF = [
  'import os',
  'import sys',
  'docs_dir = os.path.dirname(os.path.dirname(__file__))',
  'sys.path.insert(0, docs_dir)',
  'extensions = ["pip_sphinxext"]',
  'if "man" not in tags:  # noqa: F821',
  '    extensions.extend(("sphinx.ext.todo",))',
  '',
].join('\n');

test("a folder without conf.py that noxfile.py's docs session builds with -c another folder (pip's docs/man, -c docs/html): that folder is the source folder, read with that conf.py", async () => {
  const dir = tree({
    'noxfile.py': PIP_NOXFILE,
    'pyproject.toml': '[project]\nname = "pip"\n',
    'docs/pip_sphinxext.py': "def setup(app):\n    app.add_directive('pip-command-usage', object)\n",
    'docs/html/conf.py': PIP_CONF,
    'docs/html/index.rst': 'pip\n===\n',
    'docs/man/index.rst': ':orphan:\n\nMan Page\n========\n',
    'docs/man/commands/install.rst': ':orphan:\n\npip-install\n===========\n\n.. pip-command-usage:: install\n',
    'docs/notes/todo.rst': 'Todo\n====\n',
  });
  const u = (rel: string) => pathToUri(path.join(dir, rel));
  for (const [name, ws] of Object.entries(await workspaces(dir))) {
    assert.equal(ws.sourceDir(u('docs/man/commands/install.rst')), u('docs/man') + '/', name);
    assert.equal(ws.sourceDir(u('docs/man/index.rst')), u('docs/man') + '/', name);
    assert.equal(ws.confDir?.(u('docs/man') + '/'), u('docs/html') + '/', `${name}: conf.py is the one in docs/html`);
    assert.equal(ws.sourceDir(u('docs/html/index.rst')), u('docs/html') + '/', `${name}: docs/html is a build of its own`);
    assert.equal(ws.sourceDir(u('docs/notes/todo.rst')), undefined, `${name}: a folder no command builds is in no build`);
    const knowledge = new ProjectKnowledge({ readFile: (uri) => ws.readFile?.(uri), sourceDir: (uri) => ws.sourceDir(uri), confDir: ws.confDir ? (d) => ws.confDir!(d) : undefined });
    const project = knowledge.project(u('docs/man/commands/install.rst'));
    assert.ok(project, `${name}: docs/html/conf.py read for docs/man`);
    assert.equal(project.root, u('docs/man') + '/', name);
    assert.equal(project.providers.get('directive:pip-command-usage')?.uri, u('docs/pip_sphinxext.py'), `${name}: the local extension conf.py puts on sys.path from docs/html`);
    assert.deepEqual(project.unknownExtensions, [], name);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a folder without conf.py that a tox.ini environment builds with -c another folder: that folder is the source folder; a -c folder without conf.py makes none", async () => {
  const dir = tree({
    'tox.ini': [
      '[testenv:docs]',
      'changedir = {toxinidir}/doc',
      'commands =',
      '    sphinx-build -W -c {toxinidir}/doc/conf -b html source {envtmpdir}/html {posargs}',
      '',
      '[testenv:api]',
      'commands = python -m sphinx -b html -c doc/missing api out',
      '',
    ].join('\n'),
    'doc/conf/conf.py': "extensions = ['localext']\nimport os, sys\nsys.path.insert(0, os.path.abspath('.'))\n",
    'doc/conf/localext.py': "def setup(app):\n    app.add_role('issue', object)\n",
    'doc/source/index.rst': 'Index\n=====\n\nSee :issue:`1`.\n',
    'doc/source/guide/install.rst': 'Install\n=======\n',
    'api/index.rst': 'API\n===\n',
  });
  const u = (rel: string) => pathToUri(path.join(dir, rel));
  for (const [name, ws] of Object.entries(await workspaces(dir))) {
    assert.equal(ws.sourceDir(u('doc/source/guide/install.rst')), u('doc/source') + '/', name);
    assert.equal(ws.confDir?.(u('doc/source') + '/'), u('doc/conf') + '/', name);
    assert.equal(ws.sourceDir(u('api/index.rst')), undefined, `${name}: -c names a folder without conf.py`);
    const knowledge = new ProjectKnowledge({ readFile: (uri) => ws.readFile?.(uri), sourceDir: (uri) => ws.sourceDir(uri), confDir: ws.confDir ? (d) => ws.confDir!(d) : undefined });
    const project = knowledge.project(u('doc/source/index.rst'));
    assert.ok(project, name);
    assert.equal(project.providers.get('role:issue')?.uri, u('doc/conf/localext.py'), name);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
