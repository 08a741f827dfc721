import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cmakeCommands, cmakeConfigured, cmakeSphinxSources, configureFileCalls, configuredFiles, configuredText, folderVariables } from '../../server/src/common/cmakeConfigure';

test('configure_file calls read with CMake argument syntax: unquoted, quoted, bracket arguments, comments skipped', () => {
  const text = [
    '# configure_file(commented.in commented)',
    'set(X 1) # configure_file(trailing.in trailing)',
    'configure_file(ext/a.cmake.in.py ext/a.py)',
    'CONFIGURE_FILE( "${CMAKE_CURRENT_SOURCE_DIR}/conf.cmake.in.py"',
    '                ${CMAKE_CURRENT_BINARY_DIR}/conf.py  # the conf.py sphinx -c reads',
    '                @ONLY )',
    'configure_file([[b.in]] #[[ a bracket comment ]] b.out COPYONLY)',
    'my_configure_file(no.in no.out)',
    'configure_file("quoted \\"name\\".in" out)',
  ].join('\n');
  assert.deepEqual(configureFileCalls(text), [
    { input: 'ext/a.cmake.in.py', output: 'ext/a.py', atOnly: false },
    { input: '${CMAKE_CURRENT_SOURCE_DIR}/conf.cmake.in.py', output: '${CMAKE_CURRENT_BINARY_DIR}/conf.py', atOnly: true },
    { input: 'b.in', output: 'b.out', atOnly: false },
    { input: 'quoted "name".in', output: 'out', atOnly: false },
  ]);
});

test('configured files: paths relative to the folder; outputs or inputs with other variables, absolute or climbing, left out', () => {
  const files = configuredFiles(
    [
      'configure_file(conf.cmake.in.py conf.py @ONLY)',
      'configure_file(${CMAKE_CURRENT_SOURCE_DIR}/ext/x.in.py ${CMAKE_CURRENT_BINARY_DIR}/ext/x.py)',
      'configure_file(${PROJECT_SOURCE_DIR}/y.in y.py)',
      'configure_file(/abs/z.in z.py)',
      'configure_file(../up.in up.py)',
      'configure_file(other.in.py conf.py)',
    ].join('\n'),
  );
  assert.deepEqual([...files], [
    ['conf.py', { template: 'conf.cmake.in.py', atOnly: true }],
    ['ext/x.py', { template: 'ext/x.in.py', atOnly: false }],
  ]);
});

test('cmakeConfigured: only for a folder without conf.py whose template exists', () => {
  const lists = 'configure_file(conf.in.py conf.py)\nconfigure_file(ext/e.in.py ext/e.py)\n';
  const read = (files: Record<string, string>) => (uri: string) => files[uri];
  assert.deepEqual(
    [...(cmakeConfigured('file:///d/', read({ 'file:///d/CMakeLists.txt': lists, 'file:///d/conf.in.py': '' })) ?? [])],
    [
      ['conf.py', { template: 'file:///d/conf.in.py', atOnly: false }],
      ['ext/e.py', { template: 'file:///d/ext/e.in.py', atOnly: false }],
    ],
  );
  assert.equal(cmakeConfigured('file:///d/', read({ 'file:///d/CMakeLists.txt': lists })), undefined, 'no template');
  assert.equal(cmakeConfigured('file:///d/', read({ 'file:///d/CMakeLists.txt': lists, 'file:///d/conf.in.py': '', 'file:///d/conf.py': '' })), undefined, 'a conf.py of its own');
  assert.equal(cmakeConfigured('file:///d/', read({ 'file:///d/CMakeLists.txt': 'configure_file(a.in a)\n', 'file:///d/a.in': '' })), undefined, 'no conf.py configured');
});

test('configured text: a placeholder outside a string literal becomes an undefined name of its length; inside one, it stays', () => {
  const strings = (t: string): [number, number][] => [...t.matchAll(/'[^']*'/g)].map((m) => [m.index!, m.index! + m[0].length]);
  const template = "version = '@V@'\nnumfig = @NUMFIG@\npath = '${P}'\nflag = ${FLAG}\n";
  assert.equal(configuredText(template, true, strings), "version = '@V@'\nnumfig = _NUMFIG_\npath = '${P}'\nflag = ${FLAG}\n");
  assert.equal(configuredText(template, false, strings), "version = '@V@'\nnumfig = _NUMFIG_\npath = '${P}'\nflag = __FLAG_\n");
});

test('configured text: a placeholder inside a string literal whose folder is known becomes its path; outside one, still a name', () => {
  const strings = (t: string): [number, number][] => [...t.matchAll(/'[^']*'/g)].map((m) => [m.index!, m.index! + m[0].length]);
  const values = new Map([
    ['conf_path', '.'],
    ['conf_docs', '../../Help'],
  ]);
  const template = "sys.path.insert(0, r'@conf_path@')\ndocs = glob(r'@conf_docs@/manual/*.rst')\nv = '@conf_version@'\nif @conf_docs@:\n";
  assert.equal(configuredText(template, true, strings, values), "sys.path.insert(0, r'.')\ndocs = glob(r'../../Help/manual/*.rst')\nv = '@conf_version@'\nif _conf_docs_:\n");
});

test('CMake commands: each call with its arguments, comments skipped, names lower-cased', () => {
  assert.deepEqual(cmakeCommands('# set(A 1)\nSET(B "x y")\nif(C)\n  add_subdirectory(doc) # add_subdirectory(no)\nendif()\n'), [
    { name: 'set', args: ['B', 'x y'] },
    { name: 'if', args: ['C'] },
    { name: 'add_subdirectory', args: ['doc'] },
    { name: 'endif', args: [] },
  ]);
});

test('folder variables: the current folder, the projects above it by name, the top folder, and the sets that name folders from them', () => {
  const files: Record<string, string> = {
    'file:///r/CMakeLists.txt': 'project(Top LANGUAGES C)\nadd_subdirectory(Utilities)\n',
    'file:///r/Utilities/CMakeLists.txt': 'add_subdirectory(Sphinx)\n',
  };
  const lists = [
    'project(TopHelp NONE)',
    'set(conf_docs "${Top_SOURCE_DIR}/Help")',
    'set(conf_path "${CMAKE_CURRENT_SOURCE_DIR}")',
    'set(conf_static "${conf_path}/static/")',
    'set(conf_version "${Top_VERSION_MAJOR}.1")',
    'set(conf_other "${Other_SOURCE_DIR}/x")',
    'set(conf_two ${CMAKE_SOURCE_DIR}/a ${CMAKE_SOURCE_DIR}/b)',
    'set(conf_up "${CMAKE_SOURCE_DIR}/../outside")',
  ].join('\n');
  const values = folderVariables('file:///r/Utilities/Sphinx/', lists, (u) => files[u]);
  assert.equal(values.get('CMAKE_CURRENT_SOURCE_DIR'), '.');
  assert.equal(values.get('PROJECT_SOURCE_DIR'), '.', 'the nearest project(): this folder\'s own');
  assert.equal(values.get('TopHelp_SOURCE_DIR'), '.');
  assert.equal(values.get('Top_SOURCE_DIR'), '../..');
  assert.equal(values.get('CMAKE_SOURCE_DIR'), '../..', 'the highest folder of the chain of CMakeLists.txt');
  assert.equal(values.get('conf_docs'), '../../Help');
  assert.equal(values.get('conf_path'), '.');
  assert.equal(values.get('conf_static'), 'static');
  assert.equal(values.get('conf_up'), '../../../outside');
  for (const name of ['conf_version', 'conf_other', 'conf_two']) assert.equal(values.has(name), false, name);
});

test('sphinx-build sources of a CMake build: the folders named beside `-c ${CMAKE_CURRENT_BINARY_DIR}`, option values and the output left out', () => {
  const files: Record<string, string> = {
    'file:///r/CMakeLists.txt': 'project(Top)\n',
    'file:///r/Utilities/CMakeLists.txt': '',
    'file:///r/Utilities/Sphinx/conf.py.in': "master_doc = 'index'\n",
    'file:///r/Utilities/Sphinx/CMakeLists.txt': [
      'configure_file(conf.py.in conf.py @ONLY)',
      'set(_args',
      '    -c ${CMAKE_CURRENT_BINARY_DIR}',
      '    -d ${CMAKE_SOURCE_DIR}/Doctrees',
      '    -b ${format}',
      '    ${Top_SOURCE_DIR}/Help',
      '    ${CMAKE_CURRENT_BINARY_DIR}/${format})',
      'add_custom_target(other COMMAND sphinx-build -b html ${CMAKE_SOURCE_DIR}/Other out)',
      'add_custom_target(noroot COMMAND sphinx-build -c ${CMAKE_CURRENT_BINARY_DIR} ${CMAKE_SOURCE_DIR}/NoRoot out)',
    ].join('\n'),
  };
  const roots = new Set(['file:///r/Help/', 'file:///r/Other/', 'file:///r/Doctrees/']);
  const seen: string[] = [];
  const sources = cmakeSphinxSources('file:///r/Utilities/Sphinx/', (u) => files[u], (folder, conf) => {
    seen.push(conf);
    return roots.has(folder);
  });
  assert.deepEqual(sources, ['file:///r/Help/'], '-d names the doctrees, not a source; a command without -c reads its own conf.py; a folder without the root document is no source');
  assert.ok(seen.every((c) => c === "master_doc = 'index'\n"), 'the template is handed to the root-document check');
  files['file:///r/Utilities/Sphinx/conf.py'] = '';
  assert.deepEqual(cmakeSphinxSources('file:///r/Utilities/Sphinx/', (u) => files[u], () => true), [], 'a conf.py of its own: no configured build');
});
