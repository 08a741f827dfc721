import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sphinxCommand } from '../../server/src/common/sphinxCommand';
import { noxCommands, noxConfBuilds } from '../../server/src/project/nox';
import { readPythonModule } from '../../server/src/project/python';
import { confElsewhereBuilds } from '../../server/src/project/sphinxBuilds';
import { toxConfBuilds } from '../../server/src/project/tox';

test("a sphinx-build command's source folder and -c folder, as sphinx-build reads its arguments", () => {
  assert.deepEqual(sphinxCommand(['sphinx-build', '-c', 'docs/html', '-d', 'docs/build/doctrees/man', '-b', 'man', '--jobs', 'auto', 'docs/man', 'docs/build/man']), { source: 'docs/man', confDir: 'docs/html' });
  assert.deepEqual(sphinxCommand(['python3', '-m', 'sphinx', '-W', 'doc', 'out', '--conf-dir=conf']), { source: 'doc', confDir: 'conf' });
  assert.deepEqual(sphinxCommand(['.venv/bin/sphinx-build', '-M', 'html', 'src', 'build']), { source: 'src', confDir: undefined });
  assert.deepEqual(sphinxCommand(['sphinx-build', undefined, 'out', '-c', 'conf']), { source: undefined, confDir: 'conf' }, 'a word not known where the source folder may stand');
  assert.equal(sphinxCommand(['sphinx-autobuild', 'docs', 'out']), undefined);
  assert.equal(sphinxCommand(['python', '-m', 'pytest', '-c', 'x']), undefined);
});

test("noxfile.py's sessions: the commands session.run is given, through the module's own functions, with session.chdir", () => {
  const text = [
    'import nox',
    'from nox import session',
    'DOCS = "docs"',
    'def build(session, builder):',
    '    session.run("sphinx-build", "-b", builder, "-c", DOCS + "/conf", DOCS, "out/" + builder, *session.posargs)',
    '@nox.session(python=["3.12"])',
    'def docs(session):',
    '    build(session, "html")',
    '    args = ["-W", "source", "build"]',
    '    session.chdir("doc")',
    '    session.run("python", "-m", "sphinx", *args, external=True)',
    '@session',
    'def lint(s):',
    '    s.run_always("pre-commit", "run", *s.posargs)',
    '    s.run(compute())',
    'def not_a_session(session):',
    '    session.run("never")',
  ].join('\n');
  assert.deepEqual(noxCommands(text), [
    { words: ['sphinx-build', '-b', 'html', '-c', 'docs/conf', 'docs', 'out/html'], cwd: '.' },
    { words: ['python', '-m', 'sphinx', '-W', 'source', 'build'], cwd: 'doc' },
    { words: ['pre-commit', 'run'], cwd: '.' },
    { words: [undefined], cwd: '.' },
  ]);
  assert.deepEqual(noxConfBuilds(text), [{ source: 'docs', confDir: 'docs/conf' }]);
});

test("the builds noxfile.py and tox.ini run with -c another folder (pip's man pages), relative to their folder", () => {
  const pipNox = [
    '@nox.session',
    'def docs(session: nox.Session) -> None:',
    '    def get_sphinx_build_command(kind: str) -> list[str]:',
    '        return ["sphinx-build", "--tag", kind, "-c", "docs/html", "-d", "docs/build/doctrees/" + kind, "-b", kind, "docs/" + kind, "docs/build/" + kind]',
    '    session.run(*get_sphinx_build_command("html"))',
    '    session.run(*get_sphinx_build_command("man"))',
  ].join('\n');
  const tox = [
    '[testenv:docs]',
    'changedir = doc',
    'commands =',
    '  sphinx-build -c {toxinidir}/doc/conf -b html source build/html {posargs}',
    '  sphinx-build -c ../../elsewhere -b html other build/other',
    '  sphinx-build -c {envtmpdir} -b html generated build/generated',
    '[testenv:flake8]',
    'commands = sphinx-build -E -W -c docs/source/ -b html docs/source/ docs/build/html',
  ].join('\n');
  assert.deepEqual(toxConfBuilds(tox), [
    { source: 'doc/source', confDir: 'doc/conf' },
    { source: 'doc/other', confDir: '../elsewhere' },
    { source: 'docs/source', confDir: 'docs/source' },
  ]);
  const files: Record<string, string> = { 'noxfile.py': pipNox, 'tox.ini': tox };
  assert.deepEqual(
    [...confElsewhereBuilds((name) => files[name])],
    [
      ['docs/man', 'docs/html'],
      ['doc/source', 'doc/conf'],
    ],
    'docs/html builds itself; a -c outside the folder, and a build with its own conf.py, are left out',
  );
  assert.deepEqual([...confElsewhereBuilds(() => undefined)], []);
});

test("a call of a module's own function whose result is used: the value it returns, with returnValues only", () => {
  const text = [
    'def command(kind):',
    '    return ["sphinx-build", "docs/" + kind]',
    'def either(x):',
    '    if x:',
    '        return "a"',
    '    return "b"',
    'def nothing():',
    '    pass',
    'cmd = command("man")',
    'two = either(1)',
    'none = nothing()',
  ].join('\n');
  const read = readPythonModule(text, { returnValues: true, quiet: true });
  assert.deepEqual(read.toPublic(read.get('cmd')!), ['sphinx-build', 'docs/man']);
  assert.deepEqual(read.toPublic(read.get('two')!), { unknown: 'either(1)' }, 'two return statements read: not known which');
  assert.deepEqual(read.toPublic(read.get('none')!), { unknown: 'nothing()' });
  // conf.py's reading: such a call stays unknown, as before.
  const plain = readPythonModule(text, { quiet: true });
  assert.deepEqual(plain.toPublic(plain.get('cmd')!), { unknown: 'command("man")' });
});
