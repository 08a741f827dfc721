import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mesonConfigured, mesonConfiguredFiles } from '../../server/src/common/mesonConfigure';

test('configure_file calls of a meson.build: keyword arguments read, comments and strings skipped, commands and paths outside the folder left out', () => {
  const files = mesonConfiguredFiles(
    [
      "# configure_file(input : 'commented.in', output : 'commented')",
      "sphinx_conf = configure_file(input : 'conf.py.in', output : 'conf.py',",
      '    configuration : {',
      "        'CURRENT_SRCDIR' : meson.current_source_dir(),  # a comment, with a ) in it",
      "        'TOP_BUILDDIR': meson.project_build_root(),",
      "        'NAME': 'x',",
      '    })',
      "configure_file(input : 'conf.py.other', output : 'conf.py', configuration : cdata)",
      "configure_file(input : 'gen.in', output : 'gen.rst', command : [python, '@INPUT@', '@OUTPUT@'])",
      "configure_file(input : '../up.in', output : 'up.rst', configuration : cdata)",
      "configure_file(input : files('f.in'), output : 'f.rst', configuration : cdata)",
      "configure_file(input : 'ext/x.py.in', output : 'ext/x.py', copy : true)",
    ].join('\n'),
  );
  assert.deepEqual(
    [...files].map(([output, f]) => [output, f.template, [...f.values]]),
    [
      ['conf.py', 'conf.py.in', [['CURRENT_SRCDIR', '.']]],
      ['ext/x.py', 'ext/x.py.in', []],
    ],
  );
});

test("a folder's meson.build configures conf.py: only without a conf.py of its own and with the template present", () => {
  const read = (files: Record<string, string>) => (uri: string) => files[uri.replace('file:///d/', '')];
  const build = "configure_file(input : 'conf.py.in', output : 'conf.py', configuration : {'SRC': meson.current_source_dir()})\n";
  const configured = mesonConfigured('file:///d/', read({ 'meson.build': build, 'conf.py.in': '' }));
  assert.deepEqual(configured && [...configured.files], [['conf.py', { template: 'file:///d/conf.py.in', atOnly: true }]]);
  assert.deepEqual(configured && [...configured.values], [['SRC', '.']]);
  assert.equal(mesonConfigured('file:///d/', read({ 'meson.build': build, 'conf.py.in': '', 'conf.py': '' })), undefined);
  assert.equal(mesonConfigured('file:///d/', read({ 'meson.build': build })), undefined);
  assert.equal(mesonConfigured('file:///d/', read({ 'conf.py.in': '' })), undefined);
});
