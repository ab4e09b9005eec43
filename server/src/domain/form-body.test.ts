import { describe, expect, it } from 'vitest';
import { parseFormBody } from './form-body.js';
import type { JsonObject } from './types.js';

const parsed = (text: string): JsonObject => {
  const result = parseFormBody(text);
  if (!result.ok) throw new Error(result.message);
  return result.body;
};

describe('parseFormBody', () => {
  it.each<[string, string, JsonObject]>([
    ['an empty body', '', {}],
    ['one field', 'webhook_id=42', { webhook_id: '42' }],
    ['several fields, in order', 'a=1&b=2&c=3', { a: '1', b: '2', c: '3' }],
    ['"+" is a space', 'text=hello+world', { text: 'hello world' }],
    ['percent-escapes are UTF-8', 'name=J%C3%BCrgen&sym=%E2%82%AC&plus=%2B', { name: 'Jürgen', sym: '€', plus: '+' }],
    ['escapes in names too', 'first%20name=Ann&a%2Bb=1', { 'first name': 'Ann', 'a+b': '1' }],
    ['a name without "=" has an empty value', 'flag&x=1', { flag: '', x: '1' }],
    ['an empty value', 'text=&x=1', { text: '', x: '1' }],
    ['only the first "=" splits', 'expr=a=b', { expr: 'a=b' }],
    ['empty pairs are skipped', '&a=1&&b=2&', { a: '1', b: '2' }],
    ['an empty name is kept', '=x', { '': 'x' }],
    ['a repeated name is a list, in order', 'tag=a&x=1&tag=b&tag=c', { tag: ['a', 'b', 'c'], x: '1' }],
    ['a name sent once stays a text', 'tag=a', { tag: 'a' }],
    ['brackets stay part of the name', 'a[b]=1&items[]=x&items[]=y', { 'a[b]': '1', 'items[]': ['x', 'y'] }],
    ['dots stay part of the name', 'a.b=1', { 'a.b': '1' }],
    ['characters not escaped are kept', 'name=Zoë', { name: 'Zoë' }],
    ['a JSON text is one name', '{"a":1}', { '{"a":1}': '' }],
    ['a percent-encoded JSON value stays a text', 'payload=%7B%22a%22%3A1%7D', { payload: '{"a":1}' }],
    [
      "Slack's slash command",
      'token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&command=%2Fweather&text=94070&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678',
      {
        token: 'gIkuvaNzQIHg97ATvDxqgjtO',
        team_id: 'T0001',
        command: '/weather',
        text: '94070',
        response_url: 'https://hooks.slack.com/commands/1234/5678',
      },
    ],
  ])('%s', (_name, text, expected) => {
    expect(parsed(text)).toEqual(expected);
  });

  it('keeps "__proto__" and "constructor" as plain own keys', () => {
    const body = parsed('__proto__=x&constructor=y&__proto__=z');
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.hasOwn(body, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(body, '__proto__')?.value).toEqual(['x', 'z']);
    expect(body.constructor).toBe('y');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it.each<[string, string, string]>([
    [
      'a "%" without hex digits',
      'a=1&points=10%zz',
      'The form body cannot be decoded: in the value of field "points", the "%" at character 14 of the body is followed by "zz", not two hex digits (a literal "%" is sent as %25).',
    ],
    [
      'a "%" at the end',
      'discount=50%',
      'The form body cannot be decoded: in the value of field "discount", the "%" at character 12 of the body is followed by nothing, not two hex digits (a literal "%" is sent as %25).',
    ],
    [
      'one hex digit',
      'x=%4',
      'The form body cannot be decoded: in the value of field "x", the "%" at character 3 of the body is followed by "4", not two hex digits (a literal "%" is sent as %25).',
    ],
    [
      'escapes that are not UTF-8 (Latin-1 ü)',
      'name=J%FCrgen',
      'The form body cannot be decoded: in the value of field "name", the percent-escaped bytes are not UTF-8 text.',
    ],
    [
      'an escaped surrogate',
      'x=%ED%A0%80',
      'The form body cannot be decoded: in the value of field "x", the percent-escaped bytes are not UTF-8 text.',
    ],
    [
      'a malformed name',
      'ok=1&na%2me=1',
      'The form body cannot be decoded: in the name of field 2 ("na%2me"), the "%" at character 8 of the body is followed by "2m", not two hex digits (a literal "%" is sent as %25).',
    ],
  ])('refuses %s, saying where', (_name, text, message) => {
    expect(parseFormBody(text)).toEqual({ ok: false, message });
  });

  it('reads a large form in linear time', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `k${i % 100}=v%20${i}`).join('&');
    const started = performance.now();
    const body = parsed(text);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(body.k7).toHaveLength(500);
    expect((body.k7 as string[])[0]).toBe('v 7');
  });
});
