import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProjectKnowledge } from '../../server/src/project/project';
import { beforeDocs, toxEnvironments } from '../../server/src/project/tox';

/** pluggy's tox.ini: its docs environment writes the changelog draft, then builds docs/. */
const PLUGGY = [
  '[tox]',
  'envlist = docs',
  '',
  '[testenv:docs]',
  'deps =',
  '    -r{toxinidir}/docs/requirements.txt',
  'commands =',
  '  python scripts/towncrier-draft-to-file.py',
  "  # the '-t changelog_towncrier_draft' tags makes sphinx include the draft",
  '  sphinx-build -W -b html {toxinidir}/docs {toxinidir}/build/html-docs -t changelog_towncrier_draft {posargs:}',
  '',
  '[pytest]',
  'commands = python not/a/testenv.py',
  '',
].join('\n');

test("tox.ini's environments: their commands in the order tox runs them, commands_pre first, comments and requirements left out", () => {
  const envs = toxEnvironments(PLUGGY);
  assert.deepEqual(envs, [{ name: 'testenv:docs', commands: ['python scripts/towncrier-draft-to-file.py', 'sphinx-build -W -b html {toxinidir}/docs {toxinidir}/build/html-docs -t changelog_towncrier_draft {posargs:}'] }]);
  const pre = toxEnvironments('[testenv:docs]\ncommands =\n    sphinx-build doc/source doc/build\ncommands_pre =\n    python tools/a.py\n    python tools/b.py\nchangedir = {toxinidir}/doc\n');
  assert.deepEqual(pre[0], { name: 'testenv:docs', commands: ['python tools/a.py', 'python tools/b.py', 'sphinx-build doc/source doc/build'], changedir: '{toxinidir}/doc' });
  assert.deepEqual(toxEnvironments('[testenv]\ncommands = sphinx-build \\\n    -b html docs out\n')[0].commands, ['sphinx-build      -b html docs out'], 'a continued line');
});

test('the scripts a tox environment runs before it builds a Sphinx project, relative to the tox folder', () => {
  assert.deepEqual(beforeDocs(PLUGGY, 'docs').scripts, ['scripts/towncrier-draft-to-file.py']);
  assert.deepEqual(beforeDocs(PLUGGY, 'doc/source').scripts, [], 'another project');
  // `python -m sphinx`, options with values before the source folder, `./` and a final `/`.
  const m = '[testenv:docs]\ncommands =\n  {envpython} ./tools/gen.py --out doc\n  python -m sphinx -j auto -b html -d build/doctrees ./doc/source/ build/html\n  python tools/after.py\n';
  assert.deepEqual(beforeDocs(m, 'doc/source').scripts, ['tools/gen.py'], 'only what runs before the build');
  // changedir: paths are relative to it.
  assert.deepEqual(beforeDocs('[testenv:docs]\nchangedir = doc\ncommands =\n  python gen.py\n  sphinx-build -M html source build\n', 'doc/source').scripts, ['doc/gen.py']);
  // A path written from {toxinidir} is from the tox folder, whatever changedir is.
  assert.deepEqual(
    beforeDocs('[testenv:docs]\nchangedir = doc\ncommands =\n  python {toxinidir}/tools/gen.py\n  sphinx-apidoc -o {toxinidir}/doc/source/api pkg\n  sphinx-build -b html {toxinidir}/doc/source build\n', 'doc/source'),
    { scripts: ['tools/gen.py'], apidocOutputs: ['doc/source/api'] },
  );
  // A script run as a module, or another program, is not read.
  assert.deepEqual(beforeDocs('[testenv:docs]\ncommands =\n  python -m towncrier --draft\n  towncrier build\n  sphinx-build docs out\n', 'docs').scripts, []);
});

test("a file the docs environment's script writes before the build is one the project's documents may include (pluggy's changelog draft)", () => {
  const files: Record<string, string> = {
    'file:///p/tox.ini': PLUGGY,
    'file:///p/scripts/towncrier-draft-to-file.py': 'from subprocess import call\nwith open("docs/_changelog_towncrier_draft.rst", "w") as f:\n    call(("towncrier", "--draft"), stdout=f)\n',
    'file:///p/docs/conf.py': 'extensions = []\n',
  };
  const root = 'file:///p/docs/';
  const knowledge = () => new ProjectKnowledge({ readFile: (uri) => files[uri], sourceDir: (uri) => (uri.startsWith(root) ? root : undefined) });
  assert.equal(knowledge().project(root + 'index.rst')!.generated(root + '_changelog_towncrier_draft.rst'), true);
  assert.equal(knowledge().project(root + 'index.rst')!.generated(root + 'other.rst'), false);
  // Without the script in tox.ini, nothing writes it.
  files['file:///p/tox.ini'] = PLUGGY.replace('  python scripts/towncrier-draft-to-file.py\n', '');
  assert.equal(knowledge().project(root + 'index.rst')!.generated(root + '_changelog_towncrier_draft.rst'), false);
});

test('the folders sphinx-apidoc writes into before the build, relative to the tox folder (neutron-tempest-plugin)', () => {
  const ini = (apidoc: string) => `[testenv:docs]\ncommands =\n  rm -rf doc/source/tests\n  ${apidoc}\n  sphinx-build -W -b html doc/source doc/build/html\n`;
  assert.deepEqual(beforeDocs(ini('sphinx-apidoc -f -o doc/source/tests neutron_tempest_plugin'), 'doc/source'), { scripts: [], apidocOutputs: ['doc/source/tests'] });
  assert.deepEqual(beforeDocs(ini('python -m sphinx.ext.apidoc --output-dir={toxinidir}/doc/source/api/ pkg'), 'doc/source').apidocOutputs, ['doc/source/api']);
  assert.deepEqual(beforeDocs(ini('sphinx-apidoc -o {posargs} pkg'), 'doc/source').apidocOutputs, [], 'a folder known only when tox runs');
  assert.deepEqual(beforeDocs(ini('sphinx-apidoc -o doc/source/tests pkg'), 'docs').apidocOutputs, [], 'another project');
  // After the build: it writes nothing the build reads.
  assert.deepEqual(beforeDocs('[testenv:docs]\ncommands =\n  sphinx-build doc/source out\n  sphinx-apidoc -o doc/source/tests pkg\n', 'doc/source').apidocOutputs, []);
});

test("a toctree entry into the folder the docs environment's sphinx-apidoc writes is a document the build has (neutron-tempest-plugin's tests/modules)", () => {
  const files: Record<string, string> = {
    'file:///p/tox.ini': '[testenv:docs]\ncommands =\n  sphinx-apidoc -f -o doc/source/tests pkg\n  sphinx-build -W -b html doc/source doc/build/html\n',
    'file:///p/doc/source/conf.py': 'extensions = []\n',
  };
  const root = 'file:///p/doc/source/';
  const knowledge = () => new ProjectKnowledge({ readFile: (uri) => files[uri], sourceDir: (uri) => (uri.startsWith(root) ? root : undefined) });
  assert.equal(knowledge().project(root + 'index.rst')!.generated(root + 'tests/modules.rst'), true);
  assert.equal(knowledge().project(root + 'index.rst')!.generated(root + 'other/modules.rst'), false);
  files['file:///p/tox.ini'] = '[testenv:docs]\ncommands =\n  sphinx-build -W -b html doc/source doc/build/html\n';
  assert.equal(knowledge().project(root + 'index.rst')!.generated(root + 'tests/modules.rst'), false);
});
