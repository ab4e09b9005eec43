import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { getInput } from '../../../../test/queries';
import { renderWithProviders } from '../../../../test/render';
import { ResponseEditors, type ResponseField } from './ResponseSection';

function renderResponses(options: { showAllErrors?: boolean; serverError?: string } = {}) {
  const latest: Record<ResponseField, string> = { successResponse: '', errorResponse: '' };
  function Harness() {
    const [texts, setTexts] = useState(latest);
    Object.assign(latest, texts);
    return (
      <ResponseEditors
        successResponse={texts.successResponse}
        errorResponse={texts.errorResponse}
        onChange={(field, text) => setTexts((current) => ({ ...current, [field]: text }))}
        errors={{ errorResponse: options.serverError }}
        showAllErrors={options.showAllErrors}
      />
    );
  }
  renderWithProviders(<Harness />);
  return { latest, user: userEvent.setup({ delay: null }) };
}

describe('ResponseEditors', () => {
  it('edits the success and error bodies; empty means the default body', async () => {
    const { latest, user } = renderResponses();
    expect(screen.getByText(/Empty: \{"ok":true,"eventId":"…"\}/)).toBeTruthy();
    fireEvent.change(getInput('Success response'), { target: { value: '{"ok":true}' } });
    fireEvent.change(getInput('Error response'), { target: { value: '{"ok":false}' } });
    await user.tab();
    expect(latest).toEqual({ successResponse: '{"ok":true}', errorResponse: '{"ok":false}' });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it("shows the product doc's {'ok':true} mistake inline", async () => {
    const { user } = renderResponses();
    const success = getInput('Success response');
    await user.click(success);
    fireEvent.change(success, { target: { value: "{'ok':true}" } });
    await user.tab();
    expect(success.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Single quotes are not JSON/)).toBeTruthy();
  });

  it('shows every JSON problem after a save attempt, even in fields never visited', () => {
    function Invalid() {
      return (
        <ResponseEditors
          successResponse="{'ok':true}"
          errorResponse='{"notok":false,}'
          onChange={() => {}}
          errors={{}}
          showAllErrors
        />
      );
    }
    renderWithProviders(<Invalid />);
    expect(screen.getByText(/Single quotes are not JSON/)).toBeTruthy();
    expect(screen.getByText(/A trailing comma before a closing bracket/)).toBeTruthy();
  });

  it("shows the server's message for a field whose JSON is fine", () => {
    renderResponses({ serverError: 'The error response is too long.' });
    expect(screen.getByText('The error response is too long.')).toBeTruthy();
  });
});
