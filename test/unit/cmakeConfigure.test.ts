import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cmakeConfigured, configureFileCalls, configuredFiles, configuredText } from '../../server/src/common/cmakeConfigure';

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
