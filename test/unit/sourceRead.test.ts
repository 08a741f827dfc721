import assert from 'node:assert/strict';
import { test } from 'node:test';
import { espTargetName, espTargetSourceRead } from '../../server/src/rst/sourceRead';
import { createRegistry } from '../../server/src/rst/registry';
import { parseRst } from '../../server/src/rst/parser';
import { renderDocument } from '../../server/src/render/render';

test("esp-docs' chip names: esp32 is ESP32, esp32s2 ESP32-S2, esp32c61 ESP32-C61, esp8266 ESP8266", () => {
  assert.deepEqual(['esp32', 'esp32s2', 'esp32c61', 'esp8266'].map(espTargetName), ['ESP32', 'ESP32-S2', 'ESP32-C61', 'ESP8266']);
});

test('format_esp_target: a local definition is blanked in place and gives its token the chip value, else the default; the last definition wins', () => {
  const text = [
    'A {IDF_TARGET_NAME} line.',
    '{IDF_TARGET_X:default="d", esp32s2="two", esp32="one"}',
    '  {IDF_TARGET_Y:default = "dy", esp32s2, esp32s3 = "s"}',
    '{IDF_TARGET_Z:esp32="no default"}',
    '{IDF_TARGET_W:default="first"}',
    '{IDF_TARGET_W:default="second"}',
    'Tail {IDF_TARGET_W}.',
  ].join('\n');
  const esp32 = espTargetSourceRead('esp32').read(text);
  const lines = esp32.text.split('\n');
  assert.equal(esp32.text.length, text.length);
  assert.deepEqual(lines.map((l) => l.trim()), ['A {IDF_TARGET_NAME} line.', '', '', '', '', '', 'Tail {IDF_TARGET_W}.']);
  // `esp32\b` is not the start of `esp32s2`: the chip's own value, where one is given for it.
  assert.equal(esp32.asBuilt('{IDF_TARGET_X}/{IDF_TARGET_Y}/{IDF_TARGET_W}'), 'one/dy/second');
  assert.equal(espTargetSourceRead('esp32s2').read(text).asBuilt('{IDF_TARGET_X}'), 'two');
  assert.equal(espTargetSourceRead('esp32s3').read(text).asBuilt('{IDF_TARGET_Y}'), 's');
  assert.equal(espTargetSourceRead('esp32c3').read(text).asBuilt('{IDF_TARGET_X}'), 'd');
  // The chip's own values; those of other tables or extensions, or a definition without a default, are the build's.
  assert.equal(esp32.asBuilt('{IDF_TARGET_NAME} {IDF_TARGET_PATH_NAME} {IDF_TARGET_CFG_PREFIX} {IDF_TARGET_TOOLCHAIN_PREFIX}'), 'ESP32 esp32 ESP32 xtensa-esp32-elf');
  assert.equal(espTargetSourceRead('esp32c61').read('').asBuilt('{IDF_TARGET_CFG_PREFIX} {IDF_TARGET_TOOLCHAIN_PREFIX}'), 'ESP32C61 riscv32-esp-elf');
  assert.equal(esp32.asBuilt('{IDF_TARGET_TRM_EN_URL}'), undefined);
  assert.equal(esp32.asBuilt('{IDF_TARGET_Z}'), undefined);
  assert.equal(esp32.asBuilt('{IDF_TARGET_SOC_UART_NUM}'), undefined);
  assert.equal(esp32.asBuilt('no token'), 'no token');
  // Partly: the values known put in, the build's own left as written (what the preview shows).
  assert.equal(esp32.asBuilt('{IDF_TARGET_NAME}: {IDF_TARGET_TRM_EN_URL}', true), 'ESP32: {IDF_TARGET_TRM_EN_URL}');
});

test('a registry with a source reading: the parser reads the text as the extension leaves it, positions kept, and titles are measured with the values', () => {
  const registry = createRegistry([], [], { sourceRead: espTargetSourceRead('esp32') });
  const text = '{IDF_TARGET_NAME} title\n=============\n\n{IDF_TARGET_X:default="v"}\n.. comment\n   continued\n';
  const doc = parseRst(text, { registry });
  assert.deepEqual(doc.problems.map((p) => p.code), []);
  assert.equal(doc.text.length, text.length);
  assert.equal(doc.sections[0].title, '{IDF_TARGET_NAME} title');
  assert.equal(doc.asBuilt?.('{IDF_TARGET_X}'), 'v');
  // Without it: a title longer than its underline, a paragraph that the comment's indented line interrupts.
  const plain = parseRst(text, { registry: createRegistry([], []) });
  assert.deepEqual(plain.problems.map((p) => p.code), ['rst.title-underline-too-short', 'rst.unexpected-indentation']);
  assert.equal(plain.asBuilt, undefined);
});

test("the preview shows a token's value where the build puts one in (the chip's name in a title and a paragraph), and the token where only the build knows it", () => {
  const registry = createRegistry([], [], { sourceRead: espTargetSourceRead('esp32s3') });
  const text = '{IDF_TARGET_NAME} and JTAG\n==========================\n\n{IDF_TARGET_PIN:default="GPIO1", esp32s3="GPIO3"}\n\nThe pin of *{IDF_TARGET_NAME}* is {IDF_TARGET_PIN}; see {IDF_TARGET_TRM_EN_URL}.\n';
  const r = renderDocument(parseRst(text, { registry }));
  assert.equal(r.title, 'ESP32-S3 and JTAG');
  assert.match(r.html, />ESP32-S3 and JTAG</);
  assert.match(r.html, /The pin of <em>ESP32-S3<\/em> is GPIO3; see \{IDF_TARGET_TRM_EN_URL\}\./);
  assert.doesNotMatch(r.html, /default=/);
});

test('a definition without a default value stops the extension, and the build: an error on the definition (Sphinx 5.3: "No default value in IDF_TARGET_X substitution define")', () => {
  const registry = createRegistry([], [], { sourceRead: espTargetSourceRead('esp32') });
  const text = 'Title\n=====\n\n  {IDF_TARGET_PIN:esp32="GPIO12", default="GPIO1"}\n{IDF_TARGET_OK:default="x"}\n';
  const doc = parseRst(text, { registry });
  assert.deepEqual(
    doc.problems.map((p) => [p.code, text.slice(p.start, p.end)]),
    [['sphinx.extension-error', '{IDF_TARGET_PIN:esp32="GPIO12", default="GPIO1"}']],
  );
  assert.match(doc.problems[0].message, /no default value in the definition of \{IDF_TARGET_PIN\}/);
  assert.equal(doc.asBuilt?.('{IDF_TARGET_PIN}'), undefined);
});
