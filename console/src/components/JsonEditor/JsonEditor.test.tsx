import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { getInput } from '../../test/queries';
import { renderWithProviders } from '../../test/render';
import { jsonErrorOf } from '../../lib/json-text';
import { JsonEditor } from './JsonEditor';

function renderJsonEditor(initial = '', allowEmpty = true) {
  function Harness() {
    const [text, setText] = useState(initial);
    return <JsonEditor label="Success response" value={text} onChange={setText} allowEmpty={allowEmpty} />;
  }
  renderWithProviders(<Harness />);
  return { user: userEvent.setup({ delay: null }), input: getInput('Success response') };
}

/** user-event reads { and [ as key descriptors; pasting-like input sets the text as typed. */
function typeText(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
}

describe('JsonEditor', () => {
  it('accepts valid JSON without complaint', async () => {
    const { user, input } = renderJsonEditor();
    typeText(input, '{"ok": true}');
    await user.tab();
    expect(input.getAttribute('aria-invalid')).not.toBe('true');
    expect(screen.queryByText(/JSON/)).toBeNull();
  });

  it('explains single quotes inline once the field is left', async () => {
    const { user, input } = renderJsonEditor();
    await user.click(input);
    typeText(input, "{'ok':true}");
    // Not while typing: half-typed JSON is naturally invalid.
    expect(screen.queryByText(/double quotes/)).toBeNull();
    await user.tab();
    expect(screen.getByText(/Single quotes are not JSON: use double quotes around keys and strings/)).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('explains a trailing comma', async () => {
    const { user, input } = renderJsonEditor();
    await user.click(input);
    typeText(input, '{"ok": true,}');
    await user.tab();
    expect(screen.getByText(/A trailing comma before a closing bracket is not allowed in JSON/)).toBeTruthy();
  });

  it('clears the message when the JSON is fixed', async () => {
    const { user, input } = renderJsonEditor("{'ok':true}");
    await user.click(input);
    await user.tab();
    expect(screen.getByText(/double quotes/)).toBeTruthy();
    typeText(input, '{"ok":true}');
    expect(screen.queryByText(/double quotes/)).toBeNull();
  });

  it('formats valid JSON', async () => {
    const { user, input } = renderJsonEditor('{"ok":true,"n":1}');
    await user.click(screen.getByRole('button', { name: 'Format Success response' }));
    expect(input.value).toBe('{\n  "ok": true,\n  "n": 1\n}');
  });

  it('treats empty text as valid only when allowed', () => {
    expect(jsonErrorOf('', true)).toBeUndefined();
    expect(jsonErrorOf('  ', false)).toMatch(/The text is empty/);
    expect(jsonErrorOf('[1, 2,]', true)).toMatch(/trailing comma/);
    expect(jsonErrorOf("{'a': 1}", true)).toMatch(/double quotes/);
    expect(jsonErrorOf('{"a": }', true)).toMatch(/^Not valid JSON/);
  });
});
