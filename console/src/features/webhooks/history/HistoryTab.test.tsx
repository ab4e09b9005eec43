import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, variablesSent, type MockAnswer } from '../../../test/mock-client';
import { ADMIN_VIEWER, renderWithProviders } from '../../../test/render';
import HistoryTab from './HistoryTab';

const row = (from: string, to: string) => ({ from, to, replace: [] });

const HISTORY = [
  {
    id: 'ch-3',
    changedAt: '2026-11-30T10:00:00Z',
    actor: 'user:admin@acme.test',
    kind: 'UPDATED',
    version: 3,
    changes: [
      { field: 'name', before: 'Orders', after: 'Paid orders' },
      { field: 'mapping', before: [row('id', 'customer')], after: [row('user.id', 'customer')] },
    ],
  },
  {
    id: 'ch-2',
    changedAt: '2026-11-30T09:00:00Z',
    actor: 'user:admin@acme.test',
    kind: 'ACTIVATED',
    version: 2,
    changes: [{ field: 'status', before: 'INACTIVE', after: 'ACTIVE' }],
  },
  {
    id: 'ch-1',
    changedAt: '2026-11-30T08:00:00Z',
    actor: 'api-key:ci',
    kind: 'CREATED',
    version: 1,
    changes: [
      { field: 'name', before: null, after: 'Orders' },
      { field: 'mapping', before: null, after: [row('id', 'customer')] },
    ],
  },
];

function renderHistory(options: { restore?: () => MockAnswer; role?: 'ADMIN' | 'READER' } = {}) {
  const client = mockClient({
    WebhookHistory: () => ({
      data: {
        webhook: {
          id: 'wh-1',
          name: 'Paid orders',
          version: 3,
          allowedActions: ['EDIT', 'DEACTIVATE', 'ARCHIVE'],
          history: { nodes: HISTORY, pageInfo: { hasNextPage: false, endCursor: null } },
        },
      },
    }),
    RestoreWebhookVersion: options.restore ?? (() => ({ data: { updateWebhook: { id: 'wh-1', version: 4 } } })),
  });
  const view = renderWithProviders(<HistoryTab />, {
    client,
    viewer: { ...ADMIN_VIEWER, role: options.role ?? 'ADMIN' },
    route: '/incoming-webhooks/:webhookId/history',
    path: '/incoming-webhooks/wh-1/history',
  });
  return { ...view, client, user: userEvent.setup({ delay: null }) };
}

describe('HistoryTab', () => {
  it('shows each version as the lines it changed, not as JSON', async () => {
    renderHistory();
    const version3 = await screen.findByRole('article', { name: 'Version 3' });
    expect(within(version3).getByText('Mapping to customer, From')).toBeTruthy();
    expect(within(version3).getByText('"id"').tagName).toBe('DEL');
    expect(within(version3).getByText('"user.id"').tagName).toBe('INS');
    expect(within(version3).getByText('Settings as they are now')).toBeTruthy();
    // Version 2 changed only the status: its settings are version 1's, which differ from the current ones.
    const version2 = screen.getByRole('article', { name: 'Version 2' });
    expect(within(version2).getByText('ACTIVE').tagName).toBe('INS');
    expect(within(version2).getByRole('button', { name: 'Restore this version' }).hasAttribute('disabled')).toBe(false);
  });

  it('restores a version after asking, as an update from the version shown', async () => {
    const { user, client } = renderHistory();
    const version1 = await screen.findByRole('article', { name: 'Version 1' });
    await user.click(within(version1).getByRole('button', { name: 'Restore this version' }));
    const dialog = screen.getByRole('dialog', { name: 'Restore version 1?' });
    expect(dialog.textContent).toContain('The name, mapping of version 1 are saved as a new version 4.');
    await user.click(within(dialog).getByRole('button', { name: 'Restore version 1' }));
    expect(variablesSent(client.executeMutation, 'RestoreWebhookVersion')).toEqual([
      { id: 'wh-1', input: { name: 'Orders', mapping: [row('id', 'customer')], expectedVersion: 3 } },
    ]);
  });

  it('says so when the webhook changed after the history was loaded', async () => {
    const { user } = renderHistory({
      restore: () => ({
        errors: [{ message: 'Stale', extensions: { code: 'CONFLICT', field: 'expectedVersion' } }],
      }),
    });
    const version1 = await screen.findByRole('article', { name: 'Version 1' });
    await user.click(within(version1).getByRole('button', { name: 'Restore this version' }));
    await user.click(screen.getByRole('button', { name: 'Restore version 1' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Version 1 was not restored: the webhook was changed after this history was loaded.',
    );
  });

  it('offers no restore to a reader', async () => {
    renderHistory({ role: 'READER' });
    const version1 = await screen.findByRole('article', { name: 'Version 1' });
    expect(within(version1).getByRole('button', { name: 'Restore this version' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText('Your role may read the history but not restore a version.')).toBeTruthy();
  });
});
