import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, variablesSent, type MockResolver } from '../../test/mock-client';
import { fill, getInput } from '../../test/queries';
import { renderWithProviders } from '../../test/render';
import ApiKeysPage from './ApiKeysPage';

const key = (overrides: Record<string, unknown>) => ({
  __typename: 'ApiKey',
  id: 'key-1',
  name: 'CRM sync',
  prefix: 'abcd1234',
  role: 'READER',
  createdAt: '2026-01-02T10:00:00Z',
  lastUsedAt: null,
  revokedAt: null,
  ...overrides,
});

const KEYS = [
  key({}),
  key({ id: 'key-2', name: 'Deploys', role: 'ADMIN', lastUsedAt: '2026-01-03T10:00:00Z' }),
  key({ id: 'key-3', name: 'Old', revokedAt: '2026-01-04T10:00:00Z' }),
];

function renderPage(resolvers: Record<string, MockResolver> = {}) {
  const client = mockClient({ ApiKeys: () => ({ data: { apiKeys: KEYS } }), ...resolvers });
  renderWithProviders(<ApiKeysPage />, { client });
  return { client, user: userEvent.setup({ delay: null }) };
}

describe('API keys', () => {
  it('lists each key with its role, dates and status; revoked keys cannot be revoked again', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'API keys' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringMatching(/^CRM syncik_abcd1234_…Reader.*NeverActiveRevoke$/),
      expect.stringMatching(/^Deploysik_abcd1234_…Admin.*Active/),
      expect.stringMatching(/^Oldik_abcd1234_…Reader.*NeverRevoked/),
    ]);
    expect(screen.getByRole('button', { name: 'Revoke CRM sync' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Revoke Old' })).toBeNull();
  });

  it('creates a key with a name and a role, then shows its secret once, with a copy button and a warning', async () => {
    const { client, user } = renderPage({
      CreateApiKey: ({ name, role }) => ({
        data: { createApiKey: { secret: 'ik_new12345_SECRET', apiKey: key({ id: 'key-9', name, role }) } },
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Create API key' }));
    const dialog = screen.getByRole('dialog', { name: 'Create API key' });

    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(within(dialog).getByText('Give the key a name.')).toBeTruthy();
    expect(variablesSent(client.executeMutation, 'CreateApiKey')).toHaveLength(0);

    await fill(user, getInput('Name', dialog), 'Nightly export');
    await user.click(within(dialog).getByRole('radio', { name: 'Admin' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(variablesSent(client.executeMutation, 'CreateApiKey')).toEqual([{ name: 'Nightly export', role: 'ADMIN' }]);

    expect((await within(dialog).findByTestId('shown-once-value')).textContent).toBe('ik_new12345_SECRET');
    expect(within(dialog).getByRole('button', { name: 'Copy key' })).toBeTruthy();
    expect(within(dialog).getByText(/shown this once/)).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByText('ik_new12345_SECRET')).toBeNull());
  });

  it('shows the server’s refusal at the Name field', async () => {
    const { user } = renderPage({
      CreateApiKey: () => ({
        errors: [
          {
            message: 'The key name must have 1 to 100 characters.',
            extensions: { code: 'BAD_USER_INPUT', field: 'name' },
          },
        ],
      }),
    });
    await user.click(await screen.findByRole('button', { name: 'Create API key' }));
    const dialog = screen.getByRole('dialog', { name: 'Create API key' });
    await fill(user, getInput('Name', dialog), 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(await within(dialog).findByText('The key name must have 1 to 100 characters.')).toBeTruthy();
    expect(getInput('Name', dialog).getAttribute('aria-invalid')).toBe('true');
  });

  it('revokes a key after a confirmation that names the action and starts on Cancel', async () => {
    const { client, user } = renderPage({
      RevokeApiKey: ({ id }) => ({ data: { revokeApiKey: key({ id, revokedAt: '2026-01-05T10:00:00Z' }) } }),
    });
    await user.click(await screen.findByRole('button', { name: 'Revoke CRM sync' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke the key “CRM sync”?' });
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Cancel'));
    expect(variablesSent(client.executeMutation, 'RevokeApiKey')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(variablesSent(client.executeMutation, 'RevokeApiKey')).toEqual([{ id: 'key-1' }]));
  });
});
