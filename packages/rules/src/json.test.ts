import { describe, expect, it } from 'vitest';
import { parseJsonText, previewValue, utf8Length, type JsonValue } from './json.js';

function problem(text: string): string {
  const result = parseJsonText(text);
  if (result.ok) throw new Error(`${JSON.stringify(text)} was expected to be refused`);
  return result.message;
}

describe('parseJsonText accepts JSON text', () => {
  it.each([
    ['{"ok":true}', { ok: true }],
    ['  {"ok": true}\n', { ok: true }],
    ['[1,2,3]', [1, 2, 3]],
    ['"text"', 'text'],
    ['42', 42],
    ['null', null],
    ['{"message":"it\'s fine"}', { message: "it's fine" }],
    ['{"nested":{"list":[{"a":null}]}}', { nested: { list: [{ a: null }] } }],
  ])('%s', (text, value) => {
    expect(parseJsonText(text)).toEqual({ ok: true, value });
  });
});

describe('single quotes get a message of their own', () => {
  it.each(["{'ok':true}", "{'ok': 'yes'}", '{"ok":\'yes\'}', "['a','b']", "{\n  'ok': true\n}"])('%s', (text) => {
    const message = problem(text);
    expect(message).toMatch(/single quotes/i);
    expect(message).toContain('double quotes');
  });

  it('points at the first single quote', () => {
    expect(problem("{'ok':true}")).toContain('(line 1, column 2)');
    expect(problem("{\n  'ok': true\n}")).toContain('(line 2, column 3)');
  });
});

describe('trailing commas get a message of their own', () => {
  it.each([
    '{"ok":true,}',
    '{"ok":true, }',
    '[1,2,]',
    '{"a":[1,2,],"b":1}',
    '{"message":"it\'s", }',
    '{"a":1,\n "b":2,\n}',
  ])('%s', (text) => {
    const message = problem(text);
    expect(message).toMatch(/trailing comma/i);
    expect(message).not.toMatch(/single quote/i);
  });

  it('says where, as line and column (1-based), when the parser reports a position', () => {
    expect(problem('{"ok":true,}')).toContain('(line 1, column 12)');
    expect(problem('{"a":1,\n "b":2,\n}')).toContain('(line 3, column 1)');
  });
});

describe('empty text', () => {
  it.each(['', '   ', '\n\t '])('%j is refused as empty', (text) => {
    expect(problem(text)).toMatch(/empty/i);
  });
});

describe('other mistakes', () => {
  it.each(['{"ok":tru}', '{ok:true}', '{"a":"b",', 'undefined', '{"a":1}}'])(
    '%s is refused as not valid JSON',
    (text) => {
      const message = problem(text);
      expect(message).toMatch(/^Not valid JSON/);
      expect(message).not.toMatch(/single quote|trailing comma|empty/i);
    },
  );
});

describe('utf8Length counts UTF-8 bytes', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
    ['\ud800', 3],
    ['a\udc00b', 5],
  ])('%j → %i', (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
  });
});

describe('previewValue', () => {
  it.each<[JsonValue | undefined, string]>([
    [undefined, 'nothing'],
    [null, 'null'],
    ['gold', '"gold"'],
    [[1, 2], '[1,2]'],
    ['x'.repeat(70), `"${'x'.repeat(58)}…`],
  ])('%j → %s', (value, preview) => {
    expect(previewValue(value)).toBe(preview);
  });
});
