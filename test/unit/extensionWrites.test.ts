import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createNodeLanguageService } from '../../server/src/nodeService';
import { NodeWorkspace } from '../../server/src/nodeWorkspace';
import { apidocOutputs, execedFiles, moduleWrites, shellWrites } from '../../server/src/project/extensionWrites';
import { expectLinear } from './complexity';
import { rfc2822ParserTypes } from '../../server/src/project/project';
import { defaultSettings } from '../../server/src/protocol/settings';

/**
 * Documents a project's own code writes during the build (a local extension, or a script it runs), as real
 * OpenStack trees do it: ironic's `redfish_interop` extension writes `<basename of redfish_interop_source>.rst`
 * when the builder starts; cinder's `cinder_driverlist` runs `tools/generate_driver_list.py`, which writes
 * `doc/source/drivers.rst`. Both trees build with `sphinx-build -W`, so a toctree naming such a document is
 * no warning; a toctree naming any other missing document still is. pbr (the packaging of every OpenStack
 * project) writes ChangeLog and AUTHORS beside setup.py when the package is installed.
 */
const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli.js');

/** The text of an indented template literal, without its first newline and its common indentation. */
function py(s: string): string {
  const lines = s.replace(/^\n/, '').replace(/\n[ ]*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n');
}

test('moduleWrites: a path held in a variable of the same function, and a copy (jupyter_client, jupyter_server)', () => {
  const w = moduleWrites(py(`
    import os, shutil
    import os.path as osp
    HERE = osp.abspath(osp.dirname(__file__))
    TOP = osp.join(HERE, "top-level.txt")

    def setup(app):
        dest = osp.join(HERE, "changelog.md")
        shutil.copy(osp.join(HERE, "..", "CHANGELOG.md"), dest)
        shutil.copyfile(src=osp.join(HERE, "a"), dst=osp.join(HERE, "copied.rst"))
        destination = os.path.join(HERE, "other/full-config.rst")
        with open(destination, "w") as f:
            f.write("x")
        with open(TOP, "w") as f:
            f.write("y")
        unknown = compute()
        with open(unknown, "w") as f:
            f.write("z")
  `));
  assert.equal(w.writes, true);
  assert.deepEqual(w.files.sort(), ['changelog.md', 'copied.rst', 'full-config.rst', 'top-level.txt']);
});

test('moduleWrites: each path a for loop gives a variable from a list written out (pyinstaller)', () => {
  const w = moduleWrites(py(`
    from pathlib import Path
    for (contents, path) in [
        (parser_to_rst(generate_parser()), "_pyinstaller-options.tmp"),
        (parser_to_rst(generate_parser(), cross_references=False), "man/_pyinstaller-options.tmp"),
        (parser_to_rst(makespec.generate_parser()), "man/_pyi-makespec-options.tmp"),
    ]:
        path = Path(path)
        if not path.exists() or path.read_text() != contents:
            path.write_text(contents)
    for name in ("one.inc", "two.inc"):
        with open(name, "w") as f:
            f.write("x")
    for other, target in computed():
        Path(target).write_text(other)
    for a, b in [("x", "never.inc", "extra")]:
        Path(b).write_text(a)
  `));
  assert.equal(w.writes, true);
  // A loop over what is computed gives nothing; an item of another shape than the targets neither.
  assert.deepEqual(w.files.sort(), ['_pyi-makespec-options.tmp', '_pyinstaller-options.tmp', 'one.inc', 'two.inc']);
});

test("moduleWrites: a for loop over a variable the function assigns a list written out (kea's FILES_TO_COPY, copied at builder-inited)", () => {
  const w = moduleWrites(py(`
    import os
    from shutil import copyfile
    SRC_DIR = os.path.abspath(os.path.dirname(__file__))
    def run_generate_docs(_):
        FILES_TO_COPY = [
            ['../../platforms.rst', 'platforms.rst'],
            ['../examples/template-power-user-home/info.md', 'template-power-user-home.md'],
            ['../examples/template-power-user-home/kea-dhcp4-1.conf', 'template-power-user-home-dhcp4-1.conf'],
        ]
        for [a, b] in FILES_TO_COPY:
            src = os.path.join(SRC_DIR, a)
            dst = os.path.join(SRC_DIR, 'arm', b)
            copyfile(src, dst)
        for c in computed():
            copyfile(c, os.path.join(SRC_DIR, 'out', c))
  `));
  assert.equal(w.writes, true);
  assert.deepEqual(w.files.sort(), ['platforms.rst', 'template-power-user-home-dhcp4-1.conf', 'template-power-user-home.md']);
});

test("moduleWrites: a function's parameter holds each argument the module's calls give it (pyglet's conf.py)", () => {
  const w = moduleWrites(py(`
    import os
    def write_build(data, filename, *rest, mode="w", **kw):
        with open(os.path.join("internal", filename), "w") as f:
            f.write("x")
    def by_keyword(text, name=None):
        Path(name).write_text(text)
    def never_called(path):
        open(path, "w")
    def star(*names):
        open(names, "w")
    write_build((("Date", "today"),), "build.rst")
    write_build(data=(), filename="second.rst")
    write_build((), computed())
    by_keyword("x", name="third.inc")
    obj.write_build((), "method.rst")
    star("nothing.rst")
  `));
  // A method of another object, an argument computed, a function never called, or `*names`: nothing.
  assert.deepEqual(w.files.sort(), ['build.rst', 'second.rst', 'third.inc']);
});

test('moduleWrites: nested loops over variables cost in proportion to the text', () => {
  // Six nested loops, each over `width` copies of the variable of the loop around it: every path through them
  // names a.rst, width^6 paths without a bound on the expressions one path visits.
  const nested = (width: number) => {
    let code = 'v0 = "a.rst"\n';
    for (let i = 1; i <= 6; i++) code += `${'    '.repeat(i - 1)}for v${i} in [${Array(width).fill(`v${i - 1}`).join(', ')}]:\n`;
    return code + `${'    '.repeat(6)}open(v6, "w")\n`;
  };
  assert.deepEqual(moduleWrites(nested(3)).files, ['a.rst']);
  assert.deepEqual(moduleWrites('v0 = "a.rst"\nfor v1 in [v0, v0]:\n    for v2 in [v1, "b.rst"]:\n        open(v2, "w")\n').files.sort(), ['a.rst', 'b.rst']);
  expectLinear('nested loops over variables', nested, (code) => moduleWrites(code), 10);
});

test('moduleWrites: writes, the scripts a module runs, and the documents its literals name', () => {
  const w = moduleWrites(py(`
    import io, os, subprocess, sys
    from pathlib import Path

    def builder_inited(app):
        src = os.path.join(app.srcdir, app.config.interop_source)
        with open(src) as fp:
            data = fp.read()
        with open(os.path.join(app.srcdir, 'out', 'x.rst'), mode='wt') as dest:
            dest.write(data)

    def run(app):
        subprocess.check_call([sys.executable, 'tools/gen.py', '--out', 'doc/source/list.rst'])
        utils.execute(sys.executable, './tools/other.py', ['docs'])
        os.system('echo hi')
        name = f'{app.srcdir}/formatted.rst'
        doc = '''a docstring naming never.rst'''
        path = '%s/doc/source/drivers.rst' % base
  `));
  assert.equal(w.writes, true);
  assert.deepEqual(w.scripts.sort(), ['./tools/other.py', 'tools/gen.py']);
  // f-strings, triple-quoted strings and names still holding a format are not document names.
  assert.deepEqual(w.documents.sort(), ['drivers', 'list', 'x']);

  // Reading only: no write, whatever the literals name.
  const reads = moduleWrites("with open('a.rst') as f:\n    f.read()\nopen('b.rst', 'rb')\nopen(p, mode='r')\nPath('c.rst').open()\n");
  assert.equal(reads.writes, false);
  assert.deepEqual(reads.documents.sort(), ['a', 'b', 'c']);
  // Each way of writing.
  for (const src of ["open(p, 'w')", "open(p, 'a+')", "io.open(p, 'wb')", "codecs.open(p, 'w', 'utf-8')", "Path(p).open('w')", "Path(p).write_text('x')", "p.write_bytes(b'')", "open(p, mode='x')"]) {
    assert.equal(moduleWrites(src + '\n').writes, true, src);
  }
  // Running a program: a call whose last name runs one, on a module or object (a bare `run()` is a local function).
  for (const src of ["subprocess.run(['x'])", "os.system('make')", "utils.execute('x')", "subprocess.check_call(cmd)", "proc.Popen(cmd)"]) {
    assert.equal(moduleWrites(src + '\n').runs, true, src);
  }
  assert.equal(moduleWrites('run(x)\nopen(p)\n').runs, false);
  assert.equal(w.runs, true);
  // A variable mode is not known to write; a method called `open` on no receiver with one string is a read.
  assert.equal(moduleWrites('open(p, mode)\n').writes, false);
  assert.equal(moduleWrites("open('w')\n").writes, false);
  // Other source suffixes of the project.
  assert.deepEqual(moduleWrites("open('a.txt', 'w')\n", ['.txt']).documents, ['a']);
  // Broken Python never throws.
  assert.deepEqual(moduleWrites("def (:\n  open('x.rst', 'w'\n").documents, ['x']);
});

test('moduleWrites: the files pathlib writes, by name; an f-string name as a pattern of what follows its last placeholder (xarray)', () => {
  const w = moduleWrites(py(`
    def update(app):
        pathlib.Path(app.srcdir, "videos-gallery.txt").write_text(markdown)
        for key in gallery:
            pathlib.Path(app.srcdir, f"{key}-gallery.txt").write_text(markdown)
        Path("out/data.bin").write_bytes(b"")
        Path(app.srcdir, f"{key}").write_text(x)
        Path(app.srcdir, name).write_text(x)
        Path("read.txt").read_text()
  `));
  assert.deepEqual(w.files, ['videos-gallery.txt', '*-gallery.txt', 'data.bin']);
  assert.equal(w.writes, true);
});

test('moduleWrites: the files opened for writing, by name, where the path ends with a literal (pybind11 copies its README in)', () => {
  const w = moduleWrites(py(`
    DIR = Path(__file__).parent.resolve()
    def prepare(app):
        with open(DIR.parent / "README.rst") as f:
            contents = f.read()
        with open(DIR / "readme.rst", "w") as f:
            f.write(contents)
        (DIR / "generated" / "table.inc").open("w").write(x)
        io.open(os.path.join(app.srcdir, "notes.txt"), mode="a")
        open(f"{app.srcdir}/{name}-index.rst", "x")
        open("plain.csv", "wb")
        open(DIR / name, "w")
        open(DIR / "log.txt", "r")
        open(mode="w", file="kw.txt")
        open(f"{chart}.rst", "w")
        generator.main(['--config-file', 'in.conf', '--output-file', os.path.join(out, 'sample.conf')])
  `));
  // A name that is a placeholder and a suffix alone (`f"{chart}.rst"`) is not kept, as it would match every such
  // file: the module writes files it does not name (`unnamed`), and a missing document is information naming it.
  assert.deepEqual(w.files, ['readme.rst', 'table.inc', 'notes.txt', '*-index.rst', 'plain.csv', 'kw.txt', 'sample.conf']);
  assert.equal(w.unnamed, true);
  assert.equal(moduleWrites(py('open(f"{a}-index.rst", "w")\n')).unnamed, false);
  assert.equal(w.writes, true);
  assert.equal(w.otherFilesOnly, false);
});

test("code that writes only files whose suffix is no source suffix (pygame's C headers, `f\"{basename(pagename)}{sfx}.h\"`) writes no document", () => {
  const headers = moduleWrites(py(`
    import os
    def writer(app, pagename, templatename, context, doctree):
        dirpath = os.path.abspath(app.config["headers_dest"])
        filename = f"{os.path.basename(pagename)}{app.config['headers_filename_sfx']}.h"
        filepath = os.path.join(dirpath, filename)
        header = open(filepath, "w", encoding="utf-8")
        open(os.path.join(dirpath, os.path.basename(pagename) + ".json"), "w")
        open("%s.log" % pagename, "a")
  `));
  assert.deepEqual([headers.writes, headers.otherFilesOnly, headers.unnamed], [true, true, false]);
  // A write whose suffix is a source suffix, or is not known, may be of a document.
  assert.equal(moduleWrites(py('open(f"{page}.h", "w")\nopen(f"{page}.rst", "w")\n')).otherFilesOnly, false);
  assert.equal(moduleWrites(py('open(os.path.join(d, name), "w")\n')).otherFilesOnly, false);
  assert.equal(moduleWrites(py('open(f"{page}.txt", "w")\n'), ['.rst', '.txt']).otherFilesOnly, false);
  // Where the project's pages are missing, such code is not blamed: the warning stays.
  const dir = project({
    'doc/source/conf.py': sourceExtsConf('headers'),
    'doc/source/_exts/headers.py': `
      import os
      def setup(app):
          app.connect("html-page-context", writer)
      def writer(app, pagename, templatename, context, doctree):
          open(os.path.join(app.outdir, os.path.basename(pagename) + ".h"), "w")
    `,
    'doc/source/index.rst': 'Index\n=====\n\nSee :doc:`color_list`.\n',
  });
  assert.deepEqual(loud(dir), ["doc/source/index.rst:4 unknown document: 'color_list'"]);
});

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ha-guide-writes-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), py(text));
  }
  return dir;
}

/** A conf.py that loads the given modules of the package doc/ext (the layout cinder and keystoneauth use). */
function docExtProject(...modules: string[]): Record<string, string> {
  return {
    'doc/source/conf.py': `import os, sys\nsys.path.insert(0, os.path.abspath('../'))\nextensions = ${JSON.stringify(modules).replace(/"/g, "'")}\n`,
    'doc/ext/__init__.py': '',
  };
}

/** A conf.py that loads the given modules of doc/source/_exts (the layout ironic, openstack-helm and governance use). */
function sourceExtsConf(...modules: string[]): string {
  return `import os, sys\nsys.path.insert(0, os.path.join(os.path.abspath('.'), '_exts'))\nextensions = ${JSON.stringify(modules).replace(/"/g, "'")}\n`;
}

function records(cwd: string): { file: string; line: number; severity: string; code: string; message: string }[] {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', 'doc/source'], { cwd, encoding: 'utf8', timeout: 120000 });
  assert.ok(r.status === 0 || r.status === 1, `lint exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as { file: string; line: number; severity: string; code: string; message: string }[];
}

function loud(cwd: string): string[] {
  return records(cwd)
    .filter((x) => x.severity === 'error' || x.severity === 'warning')
    .map((x) => `${x.file}:${x.line} ${x.message}`);
}

test('a document a local extension writes under the name of a config value it declares (ironic): no warning; another missing one: a warning', () => {
  const dir = project({
    'doc/source/conf.py': `
      import os, sys
      sys.path.insert(0, os.path.join(os.path.abspath('.'), '_exts'))
      extensions = ['interop']
      interop_source = '../../profiles/OpenStackProfile.v1_2_0.json'
      interop_output_dir = 'admin/'
    `,
    'doc/source/_exts/interop.py': `
      import os

      def builder_inited(app):
          source = os.path.join(app.srcdir, app.config.interop_source)
          fname = os.path.basename(source).replace('json', 'rst')
          dstdir = os.path.join(app.srcdir, app.config.interop_output_dir)
          with open(os.path.join(dstdir, fname), 'wt') as dest:
              dest.write('Profile\\n=======\\n')

      def setup(app):
          app.connect('builder-inited', builder_inited)
          app.add_config_value('interop_source', None, 'env', [str])
          app.add_config_value('interop_output_dir', None, 'env', [str])
    `,
    'doc/source/index.rst': `
      Guide
      =====

      .. toctree::

         admin/index
    `,
    'doc/source/admin/index.rst': `
      Admin
      =====

      .. toctree::

         OpenStackProfile.v1_2_0
         OpenStackProfile.v1_3_0
    `,
  });
  assert.deepEqual(loud(dir), ["doc/source/admin/index.rst:7 toctree contains reference to nonexisting document 'OpenStackProfile.v1_3_0'"]);
});

test("an extension in the repository's own package (gnocchi's `gnocchi.gendoc`) writes the documents and the sample its documents name; outside a package, or without one, it is not read", () => {
  const files = (marker: Record<string, string>) => ({
    ...marker,
    'doc/source/conf.py': "extensions = ['mypkg.gendoc']\n",
    'mypkg/__init__.py': '',
    'mypkg/gendoc.py': `
      from oslo_config import generator
      def setup(app):
          with open("doc/source/rest.rst", "w") as f:
              f.write("x")
          config_output_file = 'doc/source/mypkg.conf.sample'
          generator.main(['--config-file', 'gen.conf', '--output-file', config_output_file])
          return {'parallel_read_safe': True}
    `,
    'doc/source/index.rst': `
      Index
      =====

      See :doc:\`rest\`.

      .. toctree::

         rest

      .. literalinclude:: mypkg.conf.sample
    `,
  });
  const markers: Record<string, string>[] = [{ 'setup.py': 'import setuptools\nsetuptools.setup()\n' }, { 'pyproject.toml': '[project]\nname = "mypkg"\n' }];
  for (const marker of markers) {
    const dir = project(files(marker));
    try {
      assert.deepEqual(loud(dir), [], Object.keys(marker)[0]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  // faker's `faker.sphinx.autodoc`: the extension calls a module of its package that writes the pages.
  for (const importLine of ['from mypkg.writer import write_all', 'from .writer import write_all', 'import mypkg.writer']) {
    const dir = project({
      ...files({ 'setup.py': 'import setuptools\nsetuptools.setup()\n' }),
      'mypkg/gendoc.py': `
        ${importLine}
        def setup(app):
            app.connect('builder-inited', lambda app: write_all())
      `,
      'mypkg/writer.py': `
        def write_all():
            with open("doc/source/rest.rst", "w") as f:
                f.write("x")
            with open("doc/source/mypkg.conf.sample", "w") as f:
                f.write("x")
      `,
    });
    try {
      assert.deepEqual(loud(dir), [], importLine);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  // No setup.py, setup.cfg or pyproject.toml: the folder is no package the build imports.
  const bare = project(files({}));
  try {
    assert.deepEqual(loud(bare), [
      "doc/source/index.rst:4 unknown document: 'rest'",
      "doc/source/index.rst:8 toctree contains reference to nonexisting document 'rest'",
      "doc/source/index.rst:10 Include file 'mypkg.conf.sample' not found or reading it failed",
    ]);
  } finally {
    fs.rmSync(bare, { recursive: true, force: true });
  }
});

test('a document a script run by a local extension writes (cinder): no warning; a script that only reads, or an extension that writes nothing, makes no document', () => {
  const files = {
    ...docExtProject('ext.driverlist', 'ext.reader'),
    'doc/ext/driverlist.py': `
      import sys
      from cinder import utils

      def setup(app):
          rv = utils.execute(sys.executable, './tools/generate_driver_list.py', ['docs'])
          return {'parallel_read_safe': True}
    `,
    'doc/ext/reader.py': `
      def setup(app):
          with open('doc/source/notes.rst') as f:
              f.read()
          return {}
    `,
    'tools/generate_driver_list.py': `
      import os
      base_dir = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
      def main():
          with open('%s/doc/source/drivers.rst' % base_dir, 'w+') as f:
              f.write('Drivers\\n')
      main()
    `,
    'tools/summary.py': `print(open('doc/source/summary.rst').read())\n`,
    'doc/source/index.rst': `
      Guide
      =====

      .. toctree::
         :hidden:

         drivers
         notes
         summary

      See :doc:\`drivers\` and :doc:\`notes\`.
    `,
  };
  const dir = project(files);
  assert.deepEqual(loud(dir).sort(), [
    "doc/source/index.rst:11 unknown document: 'notes'",
    "doc/source/index.rst:8 toctree contains reference to nonexisting document 'notes'",
    "doc/source/index.rst:9 toctree contains reference to nonexisting document 'summary'",
  ]);
  // Without the script, the extension runs a program whose output is not known at all: every missing
  // document is information that says so (the others too, now), no longer a warning.
  fs.rmSync(path.join(dir, 'tools/generate_driver_list.py'));
  assert.deepEqual(loud(dir), []);
  const info = records(dir).filter((x) => x.code === 'project.generated-document').map((x) => `${x.line} ${x.severity} ${x.message}`);
  assert.ok(info.includes("7 information toctree contains reference to nonexisting document 'drivers'; the local extension ext.driverlist writes files or runs programs when the build runs, and may write it"), info.join('\n'));
  assert.equal(info.length, 5, info.join('\n')); // drivers, notes, summary; :doc: drivers and notes
});

test('a local extension that runs a program and names no document (openstack-helm\'s helm_docs): a missing document is information naming it; without it, a warning', () => {
  const files = {
    'doc/source/conf.py': sourceExtsConf('helm_docs'),
    'doc/source/_exts/helm_docs.py': `
      from pathlib import Path
      import subprocess

      def setup(app):
          rootdir = (Path(app.srcdir) / '..' / '..').resolve()
          for chartyaml in rootdir.rglob('Chart.yaml'):
              chart = chartyaml.parent.name
              outfile = Path('..') / 'doc' / 'source' / 'chart' / f'{chart}.rst'
              subprocess.run([str(rootdir / 'tools' / 'helm-docs'), '--output-file', str(outfile)], check=True)
          return {'parallel_read_safe': True}
    `,
    'doc/source/index.rst': `
      Charts
      ======

      .. toctree::

         chart/mariadb
    `,
  };
  const dir = project(files);
  assert.deepEqual(records(dir).map((x) => `${x.line} ${x.severity} ${x.code}`), ['6 information project.generated-document']);
  // pylint's pylint_messages: it names one page it writes, and writes the others as `f"{message.name}.rst"`.
  fs.writeFileSync(
    path.join(dir, 'doc/source/_exts/helm_docs.py'),
    py(`
      def setup(app):
          with open("overview.rst", "w") as f:
              f.write("x")
          for name in names():
              with open(category_dir / f"{name}.rst", "w") as f:
                  f.write("x")
    `),
  );
  assert.deepEqual(records(dir).map((x) => `${x.line} ${x.severity} ${x.code}`), ['6 information project.generated-document']);
  fs.writeFileSync(path.join(dir, 'doc/source/conf.py'), 'extensions = []\n');
  assert.deepEqual(loud(dir), ["doc/source/index.rst:6 toctree contains reference to nonexisting document 'chart/mariadb'"]);
});

test('a glob toctree that matches only documents a local extension writes (governance\'s teams): information naming it; without it, a warning', () => {
  const files = {
    'doc/source/conf.py': sourceExtsConf('teams'),
    'doc/source/_exts/teams.py': `
      def _write_team_pages(teams):
          for slug in teams:
              filename = 'reference/projects/%s.rst' % slug
              with open(filename, 'w', encoding='utf-8') as f:
                  f.write(slug)

      def setup(app):
          _write_team_pages(['glance', 'nova'])
    `,
    'doc/source/index.rst': `
      Governance
      ==========

      .. toctree::
         :glob:

         reference/projects/*
    `,
  };
  const dir = project(files);
  assert.deepEqual(
    records(dir).map((x) => `${x.line} ${x.severity} ${x.code} ${x.message}`),
    ["7 information project.generated-document toctree glob pattern 'reference/projects/*' didn't match any documents; the local extension teams writes files or runs programs when the build runs, and may write them"],
  );
  fs.writeFileSync(path.join(dir, 'doc/source/conf.py'), 'extensions = []\n');
  assert.deepEqual(loud(dir), ["doc/source/index.rst:7 toctree glob pattern 'reference/projects/*' didn't match any documents"]);
});

test('a :glob: toctree entry into the folder sphinxcontrib.apidoc writes (api/* in magnum-ui contributor/): no warning; a glob elsewhere, or one a single * cannot reach down with, still is', () => {
  const dir = project({
    'doc/source/conf.py': `
      extensions = ['sphinxcontrib.apidoc']
      apidoc_module_dir = '../../pkg'
      apidoc_output_dir = 'contributor/api'
    `,
    'doc/source/index.rst': `
      Index
      =====

      .. toctree::
         :glob:

         contributor/index
         other/*
         *
    `,
    'doc/source/contributor/index.rst': `
      Contributor
      ===========

      .. toctree::
         :glob:

         api/*
         api/**
         ../contributor/api/m*
         none/*
    `,
    'pkg/__init__.py': '',
  });
  try {
    assert.deepEqual(loud(dir), [
      "doc/source/contributor/index.rst:10 toctree glob pattern 'none/*' didn't match any documents",
      "doc/source/index.rst:8 toctree glob pattern 'other/*' didn't match any documents",
      "doc/source/index.rst:9 toctree glob pattern '*' didn't match any documents",
    ]);
    // Without the extension, the folder is written by nobody.
    fs.writeFileSync(path.join(dir, 'doc/source/conf.py'), 'extensions = []\n');
    assert.equal(loud(dir).filter((l) => l.includes('contributor/index.rst')).length, 4);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('pbr writes ChangeLog and AUTHORS beside setup.py when the package is installed (oslo.messaging): including them is no error; any other missing file still is', () => {
  const files = {
    'setup.py': `
      import setuptools
      setuptools.setup(
          setup_requires=['pbr>=2.0.0'],
          pbr=True)
    `,
    'doc/source/conf.py': `
      extensions = []
    `,
    'doc/source/index.rst': `
      History
      =======

      .. include:: ../../ChangeLog

      .. include:: ../../AUTHORS

      .. include:: ../../NEWS
    `,
  };
  const dir = project(files);
  const news = "doc/source/index.rst:8 Problems with \"include\" directive path: InputError: [Errno 2] No such file or directory: '../../NEWS'.";
  assert.deepEqual(loud(dir), [news]);
  // A setup.cfg with a [pbr] table says the same.
  fs.writeFileSync(path.join(dir, 'setup.py'), 'import setuptools\nsetuptools.setup()\n');
  fs.writeFileSync(path.join(dir, 'setup.cfg'), '[metadata]\nname = x\n\n[pbr]\nskip_authors = False\n');
  assert.deepEqual(loud(dir), [news]);
  // So does pbr's own build backend in pyproject.toml (pbr builds itself with it; its setup.cfg has no [pbr]).
  fs.writeFileSync(path.join(dir, 'setup.cfg'), '[metadata]\nname = x\n');
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[build-system]\nrequires = ["setuptools>=64.0.0"]\nbuild-backend = "pbr.build"\nbackend-path = ["."]\n');
  assert.deepEqual(loud(dir), [news]);
  // Without pbr, nothing writes them.
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[build-system]\nrequires = ["setuptools>=64.0.0"]\nbuild-backend = "setuptools.build_meta"\n');
  assert.equal(loud(dir).length, 3);
});

test('a directive whose code writes sections (keystoneauth\'s list-auth-plugins) may write the target a reference names: an unknown target beside it is information naming it', () => {
  const dir = project({
    ...docExtProject('ext.list_plugins', 'ext.quiet'),
    'doc/ext/list_plugins.py': `
      from docutils import nodes
      from docutils.parsers.rst import Directive
      from docutils.statemachine import ViewList
      from sphinx.util.nodes import nested_parse_with_titles

      class ListPlugins(Directive):
          def run(self):
              result = ViewList()
              for name in plugin_names():
                  result.append(name, 'plugins')
                  result.append('=' * len(name), 'plugins')
              node = nodes.section()
              node.document = self.state.document
              nested_parse_with_titles(self.state, result, node)
              return node.children

      def setup(app):
          app.add_directive('list-auth-plugins', ListPlugins)
    `,
    'doc/ext/quiet.py': `
      from docutils.parsers.rst import Directive

      class Quiet(Directive):
          def run(self):
              return []

      def setup(app):
          app.add_directive('quiet', Quiet)
    `,
    'doc/source/index.rst': `
      Plugins
      =======

      Use the password_ plugin.

      .. list-auth-plugins::
    `,
    'doc/source/other.rst': `
      Other
      =====

      Use the password_ plugin.

      .. quiet::
    `,
  });
  const got = records(dir).map((x) => `${x.file}:${x.line} ${x.severity} ${x.code} ${x.message}`);
  assert.ok(got.includes('doc/source/index.rst:4 information project.directive-target Unknown target name: "password". It may be a title or target that the "list-auth-plugins" directive (ext.list_plugins) writes into this document.'), got.join('\n'));
  // Beside a directive whose code builds no section or target, and in any other document: an error.
  assert.ok(got.includes('doc/source/other.rst:4 error rst.unknown-target Unknown target name: "password".'), got.join('\n'));
});

test("a document that includes a file a local extension writes when the build starts (election's configuration.rst): its undefined substitutions and targets are information naming that file; elsewhere, errors", () => {
  const dir = project({
    'doc/source/conf.py': sourceExtsConf('configuration'),
    'doc/source/_exts/configuration.py': `
      import os

      def build_configuration(app):
          output_file = os.path.join(app.srcdir, "configuration.rst")
          with open(output_file, "w") as out:
              out.write(".. |Timeframe| replace:: Zed\\n")

      def setup(app):
          app.connect('builder-inited', build_configuration)
    `,
    'doc/source/index.rst': `
      .. include:: configuration.rst

      Title
      =====

      Contributors over the |Timeframe| may vote. See Tie_.

      .. toctree::

         other
    `,
    'doc/source/other.rst': `
      Other
      =====

      Over the |Timeframe|.
    `,
  });
  const got = records(dir).map((x) => `${x.file}:${x.line} ${x.severity} ${x.code} ${x.message}`);
  assert.deepEqual(got, [
    'doc/source/index.rst:6 information project.generated-include Undefined substitution referenced: "Timeframe". It may be defined in configuration.rst, which the build writes before it reads this document.',
    'doc/source/index.rst:6 information project.generated-include Unknown target name: "tie". It may be defined in configuration.rst, which the build writes before it reads this document.',
    'doc/source/other.rst:4 error rst.undefined-substitution Undefined substitution referenced: "Timeframe".',
  ]);
});

test("a local domain's directive that notes explicit targets (CMake's `signature`, used under `.. default-domain::`) may write the target a reference names: information naming it", () => {
  const dir = project({
    'doc/source/conf.py': sourceExtsConf('sigdomain'),
    'doc/source/_exts/sigdomain.py': `
      from docutils import nodes
      from sphinx import addnodes
      from sphinx.directives import ObjectDescription
      from sphinx.domains import Domain, ObjType

      class SignatureObject(ObjectDescription):
          def handle_signature(self, sig, signode):
              signode += addnodes.desc_name(sig, sig)
              return sig

          def add_target_and_index(self, name, sig, signode):
              targetname = sig.split('(')[1].split()[0].lower()
              signode['names'].append(targetname)
              signode['ids'].append(nodes.make_id(targetname))
              self.state.document.note_explicit_target(signode)

      class CmdDomain(Domain):
          name = 'cmd'
          object_types = {'signature': ObjType('signature', 'signature')}
          directives = {'signature': SignatureObject}

      def setup(app):
          app.add_domain(CmdDomain)
    `,
    'doc/source/index.rst': `
      add_custom_command
      ==================

      .. default-domain:: cmd

      .. parsed-literal::

        add_custom_command(\`OUTPUT\`_ <output> ...)

      .. signature:: add_custom_command(OUTPUT <output> COMMAND <command>)

        Generate a file.

      .. toctree::

         other
    `,
    'doc/source/other.rst': `
      Other
      =====

      See OUTPUT_.
    `,
  });
  const got = records(dir).map((x) => `${x.file}:${x.line} ${x.severity} ${x.code} ${x.message}`);
  assert.deepEqual(got, [
    'doc/source/index.rst:8 information project.directive-target Unknown target name: "output". It may be a title or target that the "cmd:signature" directive (sigdomain) writes into this document.',
    'doc/source/other.rst:4 error rst.unknown-target Unknown target name: "output".',
  ]);
});

/** heat's layout: `integratedrespages` writes a section, with its label, per resource type into the page that holds it. */
function resourcePagesProject(index: string): Record<string, string> {
  return {
    ...docExtProject('ext.resources'),
    'doc/ext/resources.py': `
      from docutils import nodes
      from sphinx.util.docutils import SphinxDirective

      class IntegrateResourcePages(SphinxDirective):
          def run(self):
              section = nodes.section(ids=['OS::Nova::Server'])
              return [section]

      def setup(app):
          app.add_directive('integratedrespages', IntegrateResourcePages)
    `,
    'doc/source/index.rst': index,
    'doc/source/guide.rst': `
      .. _servers:

      Guide
      =====

      A :ref:\`OS::Nova::Server\` resource; see :ref:\`server\`.
    `,
  };
}

test("a :ref: in one document to a label a section-building directive of another may write (heat's integratedrespages) is information naming the directive and where it is used", () => {
  const withPages = resourcePagesProject(`
    Resources
    =========

    .. integratedrespages::

    .. toctree::

       guide
  `);
  const got = records(project(withPages)).map((x) => `${x.file}:${x.line} ${x.severity} ${x.code} ${x.message}`);
  assert.ok(got.includes(`doc/source/guide.rst:6 information project.directive-label undefined label in this project: 'OS::Nova::Server'; it may be a title or target that the "integratedrespages" directive (ext.resources) writes (used in index.rst)`), got.join('\n'));
  // A label of the project one typo away is still the likelier target: a warning with the suggestion.
  assert.ok(got.includes("doc/source/guide.rst:6 warning sphinx.undefined-label undefined label: 'server' (did you mean 'servers'?)"), got.join('\n'));
  // The same extension loaded, its directive used nowhere: Sphinx's warning.
  const without = records(project(resourcePagesProject(`
    Resources
    =========

    .. toctree::

       guide
  `))).map((x) => `${x.file}:${x.line} ${x.severity} ${x.code} ${x.message}`);
  assert.ok(without.includes("doc/source/guide.rst:6 warning sphinx.undefined-label undefined label: 'OS::Nova::Server'"), without.join('\n'));
});

test("a :ref: to a label a label-writing directive names in its options (tox's `.. conf:: :keys: package`) is information, even one typo away from another label", () => {
  const dir = project({
    ...docExtProject('ext.toxconf'),
    'doc/ext/toxconf.py': `
      from docutils.parsers.rst import directives
      from sphinx.util.docutils import SphinxDirective

      class Conf(SphinxDirective):
          option_spec = {"keys": directives.unchanged_required}

          def run(self):
              std = self.env.get_domain("std")
              for key in self.options["keys"].split(","):
                  std.labels[key.strip()] = self.env.docname, key.strip(), key.strip()
              return []

      def setup(app):
          app.add_directive("conf", Conf)
    `,
    'doc/source/index.rst': `
      .. _packaging:

      Configuration
      =============

      .. conf::
         :keys: package, base_python

      .. toctree::

         guide
    `,
    'doc/source/guide.rst': `
      Guide
      =====

      See :ref:\`package\`, :ref:\`base_python\` and :ref:\`packagin\`.
    `,
  });
  const got = records(dir).map((x) => `${x.file}:${x.line} ${x.severity} ${x.code} ${x.message}`);
  assert.ok(got.includes(`doc/source/guide.rst:4 information project.directive-label undefined label in this project: 'package'; the "conf" directive (ext.toxconf) in index.rst names it, and may write it as a label`), got.join('\n'));
  assert.ok(got.some((g) => g.startsWith("doc/source/guide.rst:4 information project.directive-label undefined label in this project: 'base_python';")), got.join('\n'));
  // Named by no such directive, one typo away from a label: the typo it likely is.
  assert.ok(got.includes("doc/source/guide.rst:4 warning sphinx.undefined-label undefined label: 'packagin' (did you mean 'packaging'?)"), got.join('\n'));
});

test("a directive class conf.py loads by path and registers under its `name` (tox's `SourceFileLoader(...).load_module().ToxConfig`) is known, with the labels it writes", () => {
  const conf = (load: string) => `
    from importlib.machinery import SourceFileLoader
    from pathlib import Path

    def setup(app):
        here = Path(__file__).parent
        tox_cfg = ${load}
        app.add_directive(tox_cfg.name, tox_cfg)
  `;
  const files = {
    'doc/source/tox_conf.py': `
      from docutils.parsers.rst.directives import unchanged, unchanged_required
      from sphinx.util.docutils import SphinxDirective

      class ToxConfig(SphinxDirective):
          name = "conf"
          has_content = True
          option_spec = {"keys": unchanged_required, "default": unchanged}

          def run(self):
              std = self.env.get_domain("std")
              for key in (i.strip() for i in self.options["keys"].split(",")):
                  std.labels[key] = self.env.docname, key, key
              return []
    `,
    'doc/source/index.rst': `
      .. _packaging:

      Configuration
      =============

      .. conf::
         :keys: package, base_python
         :default: <empty list>

         The packaging of the environment.

      .. toctree::

         guide
    `,
    'doc/source/guide.rst': `
      Guide
      =====

      See :ref:\`package\` and :ref:\`packagin\`.
    `,
  };
  const got = (load: string) => records(project({ ...files, 'doc/source/conf.py': conf(load) })).map((x) => `${x.file}:${x.line} ${x.severity} ${x.code} ${x.message}`);
  const loaded = got('SourceFileLoader("tox_conf", str(here / "tox_conf.py")).load_module().ToxConfig');
  assert.ok(!loaded.some((g) => /extension-directive|unknown-directive|"conf"/.test(g) && g.startsWith('doc/source/index.rst')), loaded.join('\n'));
  assert.ok(loaded.includes(`doc/source/guide.rst:4 information project.directive-label undefined label in this project: 'package'; the "conf" directive (tox_conf.py) in index.rst names it, and may write it as a label`), loaded.join('\n'));
  assert.ok(loaded.includes("doc/source/guide.rst:4 warning sphinx.undefined-label undefined label: 'packagin' (did you mean 'packaging'?)"), loaded.join('\n'));
  // A file that is not there, or a class without a name: the directive stays one registered under an unknown name.
  for (const load of ['SourceFileLoader("tox_conf", str(here / "missing.py")).load_module().ToxConfig', 'SourceFileLoader("tox_conf", str(here / "tox_conf.py")).load_module().Other']) {
    const unknown = got(load);
    assert.ok(unknown.some((g) => g.startsWith('doc/source/index.rst:6 information project.extension-directive Directive "conf" is not known; it may be the one the project registers under a name known only when the build runs: tox_cfg.name')), unknown.join('\n'));
  }
});

test("a module of the project conf.py imports writes the documents its name patterns spell (kivy's `import autobuild`, `'api-%s.rst' % package`)", () => {
  const w = moduleWrites(py(`
      def writefile(filename, data):
          with open(os.path.join(dest_dir, filename), 'w') as f:
              f.write(data)
      writefile('api-index.rst', index)
      for package in packages:
          writefile('api-%s.rst' % package, text)
          writefile('{}-examples.rst'.format(package), text)
          writefile('%s.rst' % package, text)
  `));
  assert.deepEqual(w.documents, ['api-index']);
  // A pattern keeps three characters of its own at least: `%s.rst` alone would name any document.
  assert.deepEqual(w.documentPatterns.sort(), ['*-examples', 'api-*']);
  const files = (imported: boolean) => ({
    'doc/autobuild.py': `
      import os
      dest_dir = os.path.join(os.path.dirname(__file__), 'sources')
      def writefile(filename, data):
          with open(os.path.join(dest_dir, filename), 'w') as f:
              f.write(data)
      for package in ['kivy.clock', 'kivy.uix']:
          writefile('api-%s.rst' % package, 'x')
    `,
    // A module conf.py imports for a value, which runs a program and names no document: read for the documents it
    // names only, it makes no missing document information.
    'doc/version_helper.py': `
      import subprocess
      version = subprocess.check_output(['git', 'describe']).decode()
    `,
    'doc/sources/conf.py': `
      import os, sys
      base_dir = os.path.dirname(os.path.abspath(__file__))
      sys.path.insert(0, os.path.dirname(base_dir))
      from version_helper import version
      if not os.path.exists(os.path.join(os.path.dirname(base_dir), 'autobuild.py-done')):
          ${imported ? 'import autobuild' : 'pass'}
    `,
    'doc/sources/index.rst': `
      Kivy
      ====

      See :doc:\`/api-kivy.clock\` and :doc:\`/other-kivy.clock\`.
    `,
  });
  const lint = (imported: boolean) =>
    spawnSync(process.execPath, [CLI, 'lint', 'doc/sources'], { cwd: project(files(imported)), encoding: 'utf8' }).stdout.trim().split('\n').filter((l) => /warning|error/.test(l));
  assert.deepEqual(lint(true), ["doc/sources/index.rst:4:38: warning sphinx.unknown-document unknown document: '/other-kivy.clock'"]);
  assert.deepEqual(lint(false), [
    "doc/sources/index.rst:4:11: warning sphinx.unknown-document unknown document: '/api-kivy.clock'",
    "doc/sources/index.rst:4:38: warning sphinx.unknown-document unknown document: '/other-kivy.clock'",
  ]);
});

test("a local directive that reads the file it names into the document (pip's `pip-news-include`) includes it: NEWS.rst is read in the docs' project", () => {
  const news = (includes: boolean) => project({
    ...docExtProject('ext.news'),
    'doc/source/conf.py': `import os, sys\nsys.path.insert(0, os.path.abspath('../'))\nextensions = ['ext.news', 'sphinx.ext.extlinks']\nextlinks = {'issue': ('https://example.org/%s', '#%s')}\n`,
    'doc/ext/news.py': `
      import pathlib
      from docutils import statemachine
      from docutils.parsers.rst import Directive

      class NewsInclude(Directive):
          required_arguments = 1

          def run(self):
              source = self.state_machine.input_lines.source(self.lineno - self.state_machine.input_offset - 1)
              path = pathlib.Path(source).resolve().parent.joinpath(self.arguments[0]).resolve()
              lines = statemachine.string2lines(path.read_text(encoding="utf-8"))
              ${includes ? 'self.state_machine.insert_input(lines, str(path))' : 'print(lines)'}
              return []

      def setup(app):
          app.add_directive("news-include", NewsInclude)
    `,
    'doc/source/index.rst': `
      .. _usage:

      Project
      =======

      .. toctree::

         news
    `,
    'doc/source/news.rst': `
      News
      ====

      .. news-include:: ../../NEWS.rst
    `,
    'NEWS.rst': `
      1.0
      ---

      Fixed :issue:\`12\`, see :ref:\`usage\`.
    `,
  });
  const top = (dir: string) => {
    const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8', timeout: 120000 });
    return (JSON.parse(r.stdout) as { file: string; code: string }[]).filter((x) => x.file === 'NEWS.rst').map((x) => x.code);
  };
  assert.deepEqual(top(news(true)), []);
  // A directive that reads the file but puts nothing of it into the document includes nothing: NEWS.rst is then
  // a file of no project beside one, which no build reads (its undefined label is information).
  assert.deepEqual(top(news(false)), ['rst.unknown-role', 'sphinx.reference-outside-build']);
});

test("a local directive that inserts only the reST comment blocks of the file it names (CMake's `cmake-module:: X.cmake`) is no include: the CMake code is not read as reST", () => {
  const dir = project({
    'doc/source/conf.py': sourceExtsConf('cmakemodule'),
    'doc/source/_exts/cmakemodule.py': `
      import os
      from docutils import io
      from docutils.parsers.rst import Directive

      class CMakeModule(Directive):
          required_arguments = 1

          def run(self):
              env = self.state.document.settings.env
              rel_path, path = env.relfn2path(self.arguments[0])
              f = io.FileInput(source_path=os.path.normpath(path))
              raw_lines = f.read().splitlines()
              lines = []
              rst = None
              for line in raw_lines:
                  if rst is not None:
                      if line.startswith('#]=]'):
                          line = ''
                          rst = None
                  elif line == '#[=[.rst:':
                      rst = ']=]'
                      line = ''
                  else:
                      line = ''
                  lines.append(line)
              self.state_machine.insert_input(lines, path)
              return []

      def setup(app):
          app.add_directive('cmake-module', CMakeModule)
    `,
    'doc/source/index.rst': `
      Modules
      =======

      .. cmake-module:: Example.cmake
    `,
    'doc/source/Example.cmake': `
      #[=[.rst:
      Example
      -------
      #]=]
      foreach(lang C CXX)
        set(_x "\${lang}")
      endforeach()
      if(X)
        *unclosed
      endif()
    `,
  });
  assert.deepEqual(loud(dir), []);
});

test('the server re-checks a document whose undefined label a section-building directive may write when that directive leaves another document', async () => {
  const dir = project(resourcePagesProject('Resources\n=========\n\n.. integratedrespages::\n'));
  const src = path.join(dir, 'doc/source');
  const service = createNodeLanguageService({ settings: () => defaultSettings, workspace: new NodeWorkspace([pathToFileURL(dir).href]), graphviz: false });
  const uri = (f: string) => pathToFileURL(path.join(src, f)).href;
  const guide = { uri: uri('guide.rst'), version: 1, getText: () => fs.readFileSync(path.join(src, 'guide.rst'), 'utf8') };
  service.index.set(uri('index.rst'), 1, fs.readFileSync(path.join(src, 'index.rst'), 'utf8'));
  const codes = async () => (await service.computeDiagnostics(guide)).filter((d) => /OS::Nova::Server/.test(d.message)).map((d) => d.code);
  assert.deepEqual(await codes(), ['project.directive-label']);
  service.index.takeChanges();
  service.index.set(uri('index.rst'), 2, 'Resources\n=========\n\nNo pages here.\n');
  const changes = service.index.takeChanges();
  assert.ok(changes === 'all' || changes.has('directives'), 'a changed set of directives is a change');
  assert.ok(service.usesAny(guide.uri, changes), 'the document that used it is re-checked');
  assert.deepEqual(await codes(), ['sphinx.undefined-label']);
});

/** The layout of the PEPs repository: a local package whose source parser asks docutils for an RFC 2822 header. */
function pepProject(sourceSuffix: string, parserInit: string): Record<string, string> {
  return {
    'doc/source/conf.py': `import os, sys\nsys.path.insert(0, os.path.abspath('..'))\nextensions = ['pep_ext']\nsource_suffix = ${sourceSuffix}\n`,
    'doc/pep_ext/__init__.py': `
      from pep_ext.parsing import (
          pep_banner,  # the banners
          pep_parser,
      )

      def setup(app):
          app.add_source_parser(pep_parser.PEPParser)
    `,
    'doc/pep_ext/parsing/__init__.py': '',
    'doc/pep_ext/parsing/pep_parser.py': `
      from sphinx import parsers


      class PEPParser(parsers.RSTParser):
          """RST parser with an RFC 2822 header."""

          supported = ("pep", "python-enhancement-proposal")

          def __init__(self):
              ${parserInit}


      class Other:
          rfc2822 = True
    `,
    'doc/source/index.rst': `
      PEP: 1
      Title: PEP Purpose and Guidelines
      Post-History: 21-Mar-2001, 29-Jul-2002,
                    07-Apr-2013


      What is a PEP?
      ==============

      GitHub [#github]_.

      .. [#GitHub] https://github.com
    `,
  };
}

test("PEPs: documents of a project whose local source parser asks for an RFC 2822 header (source_suffix {'.rst': 'pep'}) open with their header fields, not with errors", () => {
  const loud = (files: Record<string, string>) => records(project(files)).map((x) => `${x.file}:${x.line} ${x.severity} ${x.code}`);
  assert.deepEqual(loud(pepProject("{'.rst': 'pep'}", 'super().__init__(rfc2822=True)')), []);
  // The same documents read by the plain RST parser: docutils' error on the indented header line.
  const plain = ['doc/source/index.rst:4 error rst.unexpected-indentation'];
  assert.deepEqual(loud(pepProject("{'.rst': 'restructuredtext'}", 'super().__init__(rfc2822=True)')), plain);
  assert.deepEqual(loud(pepProject("{'.rst': 'pep'}", 'super().__init__()')), plain);
});

test('rfc2822ParserTypes: the parser class is found where the extension imports it from, and only its own body counts', () => {
  const load = (modules: Record<string, string>) => (m: string) => modules[m];
  const parser = 'class P(RSTParser):\n    supported = ("pep",)\n    def __init__(self):\n        super().__init__(rfc2822=True)\n';
  assert.deepEqual(rfc2822ParserTypes('from pkg.parsing import pep_parser\ndef setup(app):\n    app.add_source_parser(pep_parser.P)\n', load({ 'pkg.parsing.pep_parser': parser })), ['pep']);
  assert.deepEqual(rfc2822ParserTypes('import pkg.parsing.pep_parser as pp\ndef setup(app):\n    app.add_source_parser(pp.P)\n', load({ 'pkg.parsing.pep_parser': parser })), ['pep']);
  assert.deepEqual(rfc2822ParserTypes('from pkg.parsing.pep_parser import P as Q\ndef setup(app):\n    app.add_source_parser(Q)\n', load({ 'pkg.parsing.pep_parser': parser })), ['pep']);
  assert.deepEqual(rfc2822ParserTypes(`${parser}\ndef setup(app):\n    app.add_source_parser(P)\n`, load({})), ['pep']);
  // rfc2822=True in another class of the module, or no parser registered: nothing.
  assert.deepEqual(rfc2822ParserTypes('class P(RSTParser):\n    supported = ("pep",)\n\nclass O:\n    rfc2822 = True\n\ndef setup(app):\n    app.add_source_parser(P)\n', load({})), []);
  assert.deepEqual(rfc2822ParserTypes(parser, load({})), []);
});

test('shellWrites: the documents a shell script redirects its output to', () => {
  const w = shellWrites('#!/bin/bash\n(\n  echo hi\n) > doc/source/plugins/plugin-registry.rst\necho x >> "notes.rst"\nls 2>&1 >/dev/null\ncat a.rst | sort > $OUT/other.rst\necho done > log.txt\n');
  assert.equal(w.writes, true);
  assert.deepEqual(w.documents.sort(), ['notes', 'other', 'plugin-registry']); // a computed folder: the name still counts
  assert.equal(shellWrites('cat a.rst\n').writes, false);
});

test('a document a shell script writes, run by conf.py itself when the build starts (tempest): no warning; conf.py running git only to read makes nothing unknown', () => {
  const dir = project({
    'doc/source/conf.py': `
      import os
      import subprocess

      latest = subprocess.check_output(['git', 'describe']).decode()

      def build_plugin_registry(app):
          root_dir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
          subprocess.call(['tools/generate-plugins-list.sh'], cwd=root_dir)

      def setup(app):
          app.connect('builder-inited', build_plugin_registry)

      extensions = []
    `,
    'tools/generate-plugins-list.sh': `
      #!/bin/bash
      (
        echo "Plugin Registry"
        echo "==============="
      ) > doc/source/plugins/plugin-registry.rst
    `,
    'doc/source/index.rst': `
      Plugins
      =======

      .. toctree::

         plugins/plugin-registry
         plugins/typo-registry
    `,
  });
  assert.deepEqual(loud(dir), ["doc/source/index.rst:7 toctree contains reference to nonexisting document 'plugins/typo-registry'"]);
});

test('toctrees written inside an unknown directive count (charm-guide\'s sphinx-panels `panels`): no "not in any toctree" for their documents; a literal block\'s toctree text does not', () => {
  const dir = project({
    'doc/source/conf.py': `
      extensions = ['sphinx_panels']
    `,
    'doc/source/index.rst': `
      Guide
      =====

      .. panels::

         Getting started
         ^^^^^^^^^^^^^^^

         .. toctree::
            :maxdepth: 1

            getting-started/index
            Reference <reference/index>

      Example::

         .. toctree::

            shown
    `,
    'doc/source/getting-started/index.rst': 'Getting started\n===============\n',
    'doc/source/reference/index.rst': 'Reference\n=========\n',
    'doc/source/shown.rst': 'Shown\n=====\n',
  });
  assert.deepEqual(loud(dir), ["doc/source/shown.rst:1 document isn't included in any toctree"]);
});

test("code conf.py runs as its own (python-heatclient's `exec(open(os.path.join(\"ext\", \"gen_ref.py\")).read())`) writes the documents its toctree names", () => {
  assert.deepEqual(
    execedFiles(py(`
      import os
      exec(open(os.path.join("ext", "gen_ref.py")).read())
      exec(open('./tools/conf_common.py').read())
      exec(compile(open("shared.py").read(), "shared.py", "exec"))
      exec(open(os.path.join(here, "computed.py")).read())
      exec(open("/abs/path.py").read())
      exec("print(1)")
    `)),
    ['ext/gen_ref.py', 'tools/conf_common.py', 'shared.py'],
  );
  // importlib's spec, run by exec_module (cerberus' conf.py); a path outside the folder or computed: nothing.
  assert.deepEqual(
    execedFiles(py(`
      import importlib.util
      from pathlib import Path
      spec = importlib.util.spec_from_file_location('generate_includes', Path(__file__).parent / 'includes' / 'generate.py')
      other = importlib.util.spec_from_file_location("x", "tools/gen.py")
      up = importlib.util.spec_from_file_location("y", Path(__file__).parent / '..' / 'setup.py')
      computed = importlib.util.spec_from_file_location("z", HERE / 'gen.py')
      spec.loader.exec_module(importlib.util.module_from_spec(spec))
    `)),
    ['includes/generate.py', 'tools/gen.py'],
  );
  assert.deepEqual(execedFiles(py(`spec = importlib.util.spec_from_file_location('g', 'gen.py')\n`)), [], 'a spec no exec_module runs');
  // A file opened with `with`, whose body execs what it read (nbconvert's conf.py; `HERE` is conf.py's folder).
  assert.deepEqual(
    execedFiles(py(`
      import os
      HERE = os.path.dirname(__file__)
      with open(os.path.join(HERE, "..", "autogen_config.py")) as f:
          exec(compile(f.read(), "autogen_config.py", "exec"), {})
      with open("notes.txt") as g:
          text = g.read()
      with open(os.path.join(THERE, "x.py")) as h:
          exec(h.read())
    `)),
    ['../autogen_config.py'],
  );
  const files = {
    'doc/source/conf.py': `
      import os
      exec(open(os.path.join("ext", "gen_ref.py")).read())
      extensions = []
    `,
    'doc/source/ext/gen_ref.py': `
      import os
      BASE_DIR = os.path.dirname(os.path.abspath(__file__))
      def gen_ref(ver, title, names):
          refdir = os.path.join(BASE_DIR, "ref")
          idxpath = os.path.join(refdir, "index.rst")
          with open(idxpath, "w") as idx:
              idx.write(title)
      gen_ref("", "Client Reference", ["client"])
    `,
    'doc/source/index.rst': `
      Client
      ======

      .. toctree::

         ref/index
         missing
    `,
  };
  const dir = project(files);
  assert.deepEqual(loud(dir), ["doc/source/index.rst:7 toctree contains reference to nonexisting document 'missing'"]);
  fs.writeFileSync(path.join(dir, 'doc/source/conf.py'), 'extensions = []\n');
  assert.equal(loud(dir).length, 2, 'without the exec, nothing writes ref/index');
});

test("sphinx-apidoc run by conf.py writes the pages a toctree names (quart's builder-inited hook)", () => {
  assert.deepEqual(apidocOutputs('from sphinx.ext import apidoc\ndef run_apidoc(_):\n    apidoc.main(["-f", "-e", "-o", f"{base_path}/reference/source", f"{base_path}/../src/quart"])\n'), ['reference/source']);
  assert.deepEqual(apidocOutputs('from sphinx.ext.apidoc import main\nmain(["-o", "./api/", "../pkg"])\n'), ['api']);
  assert.deepEqual(apidocOutputs('subprocess.call("sphinx-apidoc -f -o gen ../src", shell=True)\nsubprocess.call(["sphinx-apidoc", "--output-dir", "ref", "../src"])\n'), ['ref', 'gen']);
  // The PyScaffold template: the folder assigned to a name, joined to conf.py's own folder, then named in an
  // f-string command line or in the list apidoc.main takes; or joined inline in a builder-inited hook.
  const scaffold = [
    'import os',
    '__location__ = os.path.dirname(__file__)',
    'output_dir = os.path.join(__location__, "api")',
    'module_dir = os.path.join(__location__, "../src/pkg")',
    'cmd_line = f"sphinx-apidoc --implicit-namespaces -f -o {output_dir} {module_dir}"',
    'apidoc.main(cmd_line.split(" "))',
    '',
  ].join('\n');
  assert.deepEqual(apidocOutputs(scaffold), ['api']);
  assert.deepEqual(apidocOutputs(scaffold.replace(/cmd_line = .*\n/, '').replace('apidoc.main(cmd_line.split(" "))', 'apidoc.main(["-f", "-o", output_dir, module_dir])')), ['api']);
  assert.deepEqual(apidocOutputs('def run(_):\n    here = os.path.dirname(__file__)\n    apidoc.main(["-o", os.path.join(here, "api"), os.path.join(here, "../src")])\n'), ['api']);
  // A folder computed from something else is not known.
  assert.deepEqual(apidocOutputs('out = os.path.join(tempfile.gettempdir(), "api")\napidoc.main(["-o", out, "../src"])\n'), []);
  assert.deepEqual(apidocOutputs('x = main(["-o", "nope"])\napidoc.main(["-o", f"{a}{b}/x"])\n'), [], 'not apidoc; a path it computes');
  const files = {
    'doc/source/conf.py': `
      import os
      from sphinx.ext import apidoc

      def run_apidoc(_):
          base_path = os.path.abspath(os.path.dirname(__file__))
          apidoc.main(["-f", "-e", "-o", f"{base_path}/reference/source", f"{base_path}/../src/pkg"])

      def setup(app):
          app.connect("builder-inited", run_apidoc)
    `,
    'doc/source/index.rst': `
      API
      ===

      .. toctree::

         reference/source/modules.rst
         missing
    `,
  };
  const dir = project(files);
  assert.deepEqual(loud(dir), ["doc/source/index.rst:7 toctree contains reference to nonexisting document 'missing'"]);
});

test("scripts conf.py runs with runpy.run_path (blessed, arcade) are read for what they write: named files, a method open(path, mode), images saved into a folder", () => {
  const files = {
    'doc/conf.py': `
      import runpy
      from pathlib import Path
      HERE = Path(__file__).resolve()
      UTIL_DIR = HERE.parent.parent / "util"
      def run_util(filename, run_name="__main__"):
          full_str = str(UTIL_DIR / filename)
          kwargs = dict(run_name=run_name)
          runpy.run_path(full_str, **kwargs)
      run_util("thumbnails.py")
      run_util("quick_index.py")
      runpy.run_path(str(UTIL_DIR / "colors.py"))["main"]()
      extensions = []
    `,
    'util/thumbnails.py': `
      from pathlib import Path
      output_path = Path('images/thumbs/')
      for input_file in Path('images').glob('*.png'):
          im = Image.open(input_file)
          im.save(output_path / input_file.name)
    `,
    'util/quick_index.py': `
      def write(vfs, full_api_file_name):
          api_file = vfs.open(full_api_file_name, "w")
          api_file.write("x")
      PAGES = ["types.rst", "sprites.rst"]
    `,
    'util/colors.py': `
      import os
      def main():
          with open(os.path.join(os.path.dirname(__file__), os.pardir, 'doc', 'all_the_colors.txt'), 'w') as f:
              f.write('x')
    `,
    'doc/index.rst': `
      Index
      =====

      .. include:: all_the_colors.txt

      .. image:: images/thumbs/a.png

      .. image:: images/missing.png

      .. toctree::

         api/types
         api/sprites
         api/nowhere
    `,
  };
  const dir = project(files);
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', 'doc'], { cwd: dir, encoding: 'utf8', timeout: 120000 });
  const got = (JSON.parse(r.stdout) as { line: number; severity: string; message: string }[]).filter((x) => x.severity !== 'information').map((x) => `${x.line} ${x.message}`);
  assert.deepEqual(got, ['8 image file not readable: images/missing.png', "14 toctree contains reference to nonexisting document 'api/nowhere'"]);
  // Without the runpy calls: the include, the thumbnail and the pages are missing.
  fs.writeFileSync(path.join(dir, 'doc/conf.py'), 'extensions = []\n');
  const r2 = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', 'doc'], { cwd: dir, encoding: 'utf8', timeout: 120000 });
  assert.equal((JSON.parse(r2.stdout) as unknown[]).length, 6);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a toctree glob may match a page conf.py writes (napalm: `open(\"{0}/index.rst\".format(module_dir), \"w\")` under `napalm_*/index`); str.format templates name files as f-strings do", () => {
  const w = moduleWrites(py(`
    open("{0}/index.rst".format(d), "w")
    open("{}.rst".format(n), "w")
    open("a/{}-x.txt".format(n), "w")
  `));
  assert.deepEqual(w.files, ['index.rst', '*-x.txt']);
  assert.equal(w.unnamed, true, '"{}.rst": a placeholder and a suffix alone');
  const files = {
    'docs/conf.py': `
      import os
      def build_docs(app):
          for module in MODULES:
              module_dir = "./integrations/modules/{0}".format(module)
              with open("{0}/index.rst".format(module_dir), "w") as f:
                  f.write("x")
      build_docs(None)
      extensions = []
    `,
    'docs/index.rst': `
      Index
      =====

      .. toctree::
         :glob:

         integrations/modules/napalm_*/index
         nothing/other*
    `,
  };
  const dir = project(files);
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', 'docs'], { cwd: dir, encoding: 'utf8', timeout: 120000 });
  const got = (JSON.parse(r.stdout) as { line: number; message: string }[]).map((x) => `${x.line} ${x.message}`);
  assert.deepEqual(got, ["8 toctree glob pattern 'nothing/other*' didn't match any documents"]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a :ref: to a label a local extension's event handler adds (psutil's changelog_anchors) is information naming that extension, not a directive", () => {
  const files = {
    ...docExtProject('ext.anchors', 'ext.availability'),
    'doc/ext/anchors.py': `
      import re
      from docutils import nodes

      def add_version_anchors(app, doctree):
          labels = app.env.domaindata.setdefault('std', {}).setdefault('labels', {})
          for node in doctree.findall(nodes.section):
              anchor = node.astext().split()[0].replace('.', '')
              labels[anchor] = ('changelog', anchor, anchor)

      def setup(app):
          app.connect('doctree-read', add_version_anchors)
    `,
    // A directive that parses its content (so it may write titles): psutil's `availability`.
    'doc/ext/availability.py': `
      from docutils import nodes
      from sphinx.util.docutils import SphinxDirective

      class Availability(SphinxDirective):
          has_content = True
          def run(self):
              node = nodes.container()
              self.state.nested_parse(self.content, self.content_offset, node)
              return [node]

      def setup(app):
          app.add_directive('availability', Availability)
    `,
    'doc/source/index.rst': `
      Index
      =====

      .. availability:: Linux

      See :ref:\`723\`.

      .. toctree::

         changelog
    `,
    'doc/source/changelog.rst': `
      Changelog
      =========

      7.2.3
      -----

      Fixed.
    `,
  };
  const got = records(project(files)).map((x) => `${x.file}:${x.line} ${x.severity} ${x.code} ${x.message}`);
  assert.deepEqual(got, [`doc/source/index.rst:6 information project.extension-label undefined label in this project: '723'; the local extension "ext.anchors" adds labels during the build, which may include it`]);
});
