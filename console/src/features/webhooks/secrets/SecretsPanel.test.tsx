import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { secretOf } from '../../../test/fixtures';
import { mockClient, variablesSent, type MockAnswer } from '../../../test/mock-client';
import { fill, getInput } from '../../../test/queries';
import { renderWithProviders } from '../../../test/render';
import { SecretsPanel, type SecretsPanelProps } from './SecretsPanel';

const GENERATED = '3f1c9a0be4d2c7a8915e6b0d4f2a8c1e7b9d3f5a2c4e6b8d0f1a3c5e7b9d2f4a';

function added(secret = GENERATED): MockAnswer {
  return {
    data: {
      addWebhookSecret: {
        secret,
        webhook: {
          id: 'wh-1',
          version: 5,
          updatedAt: '2026-12-01T10:00:00.000Z',
          verification: { scheme: 'GITHUB', secrets: [secretOf({ id: 'sec-2', hint: `…${secret.slice(-4)}` })] },
        },
      },
    },
  };
}

function renderPanel(props: Partial<SecretsPanelProps> = {}, answers: Record<string, () => MockAnswer> = {}) {
  const client = mockClient({
    AddWebhookSecret: () => added(),
    RemoveWebhookSecret: () => ({
      data: {
        removeWebhookSecret: {
          id: 'wh-1',
          version: 5,
          updatedAt: '2026-12-01T10:00:00.000Z',
          verification: { scheme: 'GITHUB', secrets: [] },
        },
      },
    }),
    ...answers,
  });
  renderWithProviders(
    <SecretsPanel
      webhookId="wh-1"
      status="INACTIVE"
      savedScheme="GITHUB"
      draftScheme="GITHUB"
      secrets={[]}
      editable
      {...props}
    />,
    { client },
  );
  return { client, user: userEvent.setup({ delay: null }) };
}

/** The text Mantine links to an input as its description and error (aria-describedby). */
function describedBy(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('SecretsPanel', () => {
  afterEach(() => vi.restoreAllMocks());

  it('lists secrets by hint with when they were created and until when they verify', () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    renderPanel({
      secrets: [
        secretOf({ id: 'new', hint: '…n3w1' }),
        secretOf({ id: 'old', hint: '…0ld2', expiresAt: tomorrow }),
        secretOf({ id: 'gone', hint: '…g0n3', expiresAt: past }),
      ],
    });
    const rows = screen.getAllByTestId('secret-row');
    expect(rows.map((row) => within(row).getByText(/^…/).textContent)).toEqual(['…n3w1', '…0ld2', '…g0n3']);
    expect(within(rows[0]!).getByText('Until replaced')).toBeTruthy();
    expect(within(rows[1]!).queryByText('Until replaced')).toBeNull();
    expect(within(rows[1]!).queryByText('Expired')).toBeNull();
    expect(within(rows[2]!).getByText('Expired')).toBeTruthy();
    // Live secrets exist: the next one is a rotation.
    expect(screen.getByRole('button', { name: 'Rotate secret' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add secret' })).toBeNull();
  });

  it('says that requests are refused while there is no secret', () => {
    renderPanel({ status: 'ACTIVE' });
    expect(screen.getByText(/No secret yet: every request is refused \(401\)/)).toBeTruthy();
  });

  it('adds a generated secret and shows its value once, with Copy and a warning', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const { client, user } = renderPanel();
    await user.click(screen.getByRole('button', { name: 'Add secret' }));
    const dialog = screen.getByRole('dialog', { name: 'Add secret' });
    // Adding the first secret replaces nothing: no grace period is asked.
    expect(within(dialog).queryByLabelText(/stay valid/)).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Generate secret' }));

    expect(await within(dialog).findByTestId('new-secret-value')).toHaveProperty('textContent', GENERATED);
    expect(variablesSent(client.executeMutation, 'AddWebhookSecret')).toEqual([{ id: 'wh-1' }]);
    expect(within(dialog).getByRole('alert', { name: 'Copy the secret now' }).textContent).toContain(
      'This is the only time it is shown',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Copy secret' }));
    expect(writeText).toHaveBeenCalledWith(GENERATED);

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByText(GENERATED)).toBeNull();
    // Opened again, the dialog starts over: the value is not shown a second time.
    await user.click(screen.getByRole('button', { name: 'Add secret' }));
    expect(screen.getByRole('button', { name: 'Generate secret' })).toBeTruthy();
    expect(screen.queryByText(GENERATED)).toBeNull();
  });

  it("checks a value the admin gives with the server's rules before sending it", async () => {
    const { client, user } = renderPanel({ savedScheme: 'STANDARD_WEBHOOKS', draftScheme: 'STANDARD_WEBHOOKS' });
    await user.click(screen.getByRole('button', { name: 'Add secret' }));
    const value = getInput('Your own value (optional)');
    await fill(user, value, 'short');
    await user.click(screen.getByRole('button', { name: 'Use this secret' }));
    expect(describedBy(value)).toContain('The secret must have at least 16 characters.');

    await user.clear(value);
    await fill(user, value, 'whsec_not base64 at all!!');
    expect(describedBy(value)).toContain(
      'A Standard Webhooks secret is base64 of 24 to 64 bytes, optionally after "whsec_".',
    );
    expect(variablesSent(client.executeMutation, 'AddWebhookSecret')).toHaveLength(0);
  });

  it('shows the server refusing the value at the value input', async () => {
    const refusal = 'The secret contains control characters.';
    const { client, user } = renderPanel(
      {},
      {
        AddWebhookSecret: () => ({
          errors: [{ message: refusal, extensions: { code: 'BAD_USER_INPUT', field: 'secret' } }],
        }),
      },
    );
    await user.click(screen.getByRole('button', { name: 'Add secret' }));
    const value = getInput('Your own value (optional)');
    await fill(user, value, 'a-perfectly-fine-looking-secret');
    await user.click(screen.getByRole('button', { name: 'Use this secret' }));

    await waitFor(() => expect(describedBy(value)).toContain(refusal));
    expect(variablesSent(client.executeMutation, 'AddWebhookSecret')).toEqual([
      { id: 'wh-1', secret: 'a-perfectly-fine-looking-secret' },
    ]);
    expect(screen.queryByTestId('new-secret-value')).toBeNull();
  });

  it('shows an error that names no dialog input above the buttons', async () => {
    const refusal = 'This webhook verifies no sender (scheme NONE), so a secret would not be used.';
    const { user } = renderPanel(
      {},
      {
        AddWebhookSecret: () => ({
          errors: [{ message: refusal, extensions: { code: 'BAD_USER_INPUT', field: 'id' } }],
        }),
      },
    );
    await user.click(screen.getByRole('button', { name: 'Add secret' }));
    await user.click(screen.getByRole('button', { name: 'Generate secret' }));
    expect((await screen.findByRole('alert', { name: 'The secret was not added' })).textContent).toContain(refusal);
  });

  it('rotates: the older secrets stay valid for the hours given (24 unless changed, 0 = at once)', async () => {
    const { client, user } = renderPanel({ secrets: [secretOf()] });
    await user.click(screen.getByRole('button', { name: 'Rotate secret' }));
    const dialog = screen.getByRole('dialog', { name: 'Rotate secret' });
    const hours = getInput('Older secrets stay valid for (hours)');
    expect(hours.value).toBe('24');

    await user.clear(hours);
    await fill(user, hours, '2161');
    await user.click(within(dialog).getByRole('button', { name: 'Generate secret' }));
    expect(describedBy(hours)).toContain('Give a whole number of hours from 0 (at once) to 2160 (90 days).');
    expect(variablesSent(client.executeMutation, 'AddWebhookSecret')).toHaveLength(0);

    await user.clear(hours);
    await fill(user, hours, '2');
    await user.click(within(dialog).getByRole('button', { name: 'Generate secret' }));
    await within(dialog).findByTestId('new-secret-value');
    expect(variablesSent(client.executeMutation, 'AddWebhookSecret')).toEqual([
      { id: 'wh-1', expirePreviousInSeconds: 7200 },
    ]);
    expect(within(dialog).getByText(/The older secrets stay valid until .+: give the sender the new one/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));

    await user.click(screen.getByRole('button', { name: 'Rotate secret' }));
    const again = screen.getByRole('dialog', { name: 'Rotate secret' });
    await user.clear(getInput('Older secrets stay valid for (hours)'));
    await fill(user, getInput('Older secrets stay valid for (hours)'), '0');
    await user.click(within(again).getByRole('button', { name: 'Generate secret' }));
    expect(await within(again).findByText('The older secrets stopped working at once.')).toBeTruthy();
    expect(variablesSent(client.executeMutation, 'AddWebhookSecret')[1]).toEqual({
      id: 'wh-1',
      expirePreviousInSeconds: 0,
    });
  });

  it('removes a secret after a confirmation that says what it means', async () => {
    const { client, user } = renderPanel({ status: 'ACTIVE', secrets: [secretOf()] });
    await user.click(screen.getByRole('button', { name: 'Remove secret …x9Qa' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove this secret?' });
    expect(dialog.textContent).toContain('Requests verified with the secret …x9Qa are refused (401) from now on.');
    expect(dialog.textContent).toContain('It is the only secret left: every request will be refused');
    expect(variablesSent(client.executeMutation, 'RemoveWebhookSecret')).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() =>
      expect(variablesSent(client.executeMutation, 'RemoveWebhookSecret')).toEqual([{ id: 'wh-1', secretId: 'sec-1' }]),
    );
  });

  it('only lists the secrets for a reader or an archived webhook', () => {
    renderPanel({ editable: false, secrets: [secretOf()] });
    expect(screen.getByText('…x9Qa')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('waits for the scheme to be saved: secrets are generated and checked for the saved one', () => {
    renderPanel({ savedScheme: 'GITHUB', draftScheme: 'STRIPE' });
    expect(screen.getByText(/Secrets follow the saved scheme \(GitHub\): save your change of scheme/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add secret' })).toHaveProperty('disabled', true);
  });

  it('offers no secret while the saved scheme is None', () => {
    renderPanel({ savedScheme: 'NONE', draftScheme: 'GITHUB' });
    expect(screen.getByText('Save to use GitHub; then add the secret the sender uses.')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
