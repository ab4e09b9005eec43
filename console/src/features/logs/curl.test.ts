import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildCurl, shellQuote } from './curl';

const ORIGIN = 'https://intake.example';

/** What a POSIX shell makes of a command line: the arguments the program gets. */
function shellParse(command: string): string[] {
  const words = execFileSync('sh', ['-c', `set -- ${command}; for a in "$@"; do printf '%s\\0' "$a"; done`]);
  return words.toString('utf8').split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it.each([
    ['plain'],
    ["it's"],
    ["'"],
    ["''"],
    ['$HOME `id` $(id) "x" \\ \n newline; & | > <'],
    ['{"name":"O\'Brien","note":"100% \\"sure\\""}'],
    ['ünïcødé 🚀'],
  ])('%j reaches the program exactly', (text) => {
    expect(shellParse(shellQuote(text))).toEqual([text]);
  });
});

describe('buildCurl', () => {
  it('reproduces method, URL, headers and the raw body', () => {
    const { command, placeholders } = buildCurl(
      {
        method: 'PUT',
        path: '/webhooks/custom/acme/points',
        query: 'a=1&b=two',
        requestHeaders: {
          'content-type': 'application/json',
          'user-agent': 'shop/1.0',
          host: 'x',
          'content-length': '9',
        },
        requestBody: '{"id":"c-1","note":"it\'s $5"}',
      },
      ORIGIN,
    );
    expect(command).toBe(
      [
        "curl -X PUT 'https://intake.example/webhooks/custom/acme/points?a=1&b=two'",
        "-H 'content-type: application/json'",
        "-H 'user-agent: shop/1.0'",
        `--data-raw '{"id":"c-1","note":"it'\\''s $5"}'`,
      ].join(' \\\n  '),
    );
    expect(placeholders).toEqual([]);
    // The shell hands curl exactly the body the log holds.
    const args = shellParse(command.replaceAll('\\\n', ''));
    expect(args.at(-1)).toBe('{"id":"c-1","note":"it\'s $5"}');
    expect(args.slice(0, 3)).toEqual(['curl', '-X', 'PUT']);
  });

  it('leaves redacted headers, body values and query values as named placeholders', () => {
    const { command, placeholders } = buildCurl(
      {
        method: 'POST',
        path: '/webhooks/custom/acme/points',
        query: 'api_key=[REDACTED]&x=1',
        requestHeaders: {
          'x-signature': '[REDACTED]',
          authorization: '[REDACTED]',
          'content-type': 'application/json',
        },
        requestBody: '{"customer":"c-1","api_token": "[REDACTED]","nested":{"password":"[REDACTED]"}}',
      },
      ORIGIN,
    );
    expect(command).toContain("'https://intake.example/webhooks/custom/acme/points?api_key=<api_key>&x=1'");
    expect(command).toContain("-H 'x-signature: <X-Signature>'");
    expect(command).toContain("-H 'authorization: <Authorization>'");
    expect(command).toContain(`"api_token": "<api_token>"`);
    expect(command).toContain(`"password":"<password>"`);
    expect(command).not.toContain('[REDACTED]');
    expect(placeholders).toEqual(['<api_key>', '<X-Signature>', '<Authorization>', '<api_token>', '<password>']);
  });

  it('keeps form bodies as sent, with redacted fields as placeholders', () => {
    const { command } = buildCurl(
      {
        method: 'POST',
        path: '/p',
        requestHeaders: { 'content-type': 'application/x-www-form-urlencoded' },
        requestBody: 'a=1&token=[REDACTED]&b=x+y%21',
      },
      `${ORIGIN}/`,
    );
    expect(command).toContain("'https://intake.example/p'");
    expect(command).toContain("--data-raw 'a=1&token=<token>&b=x+y%21'");
  });

  it('sends a header given several times once per value, and no body when there was none', () => {
    const { command } = buildCurl(
      { method: 'POST', path: '/p', requestHeaders: { 'x-tag': ['a', 'b'] }, requestBody: null },
      ORIGIN,
    );
    expect(command).toBe("curl -X POST 'https://intake.example/p' \\\n  -H 'x-tag: a' \\\n  -H 'x-tag: b'");
  });

  it('says when the log kept only the beginning of the body', () => {
    const { command } = buildCurl(
      { method: 'POST', path: '/p', requestHeaders: {}, requestBody: '{"a":', bodyTruncated: true },
      ORIGIN,
    );
    expect(command.split('\n')[0]).toBe('# The log keeps only the beginning of this body: complete it before sending.');
  });
});
