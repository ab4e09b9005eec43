import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, variablesSent } from '../../../test/mock-client';
import { renderWithProviders } from '../../../test/render';
import { LifecycleButtons } from './LifecycleButtons';

const changed = (field: string, status: string) => () => ({
  data: { [field]: { id: 'wh-1', status, allowedActions: [], version: 4, updatedAt: '2025-01-01T00:00:00Z' } },
});

function renderButtons(allowedActions: ('EDIT' | 'ACTIVATE' | 'DEACTIVATE' | 'ARCHIVE')[]) {
  const client = mockClient({
    ActivateWebhook: changed('activateWebhook', 'ACTIVE'),
    DeactivateWebhook: changed('deactivateWebhook', 'INACTIVE'),
    ArchiveWebhook: changed('archiveWebhook', 'ARCHIVED'),
  });
  renderWithProviders(<LifecycleButtons webhook={{ id: 'wh-1', name: 'Point add', allowedActions }} />, { client });
  return { client, user: userEvent.setup({ delay: null }) };
}

describe('LifecycleButtons', () => {
  it('offers only the allowed actions', () => {
    renderButtons(['EDIT', 'DEACTIVATE']);
    expect(screen.getByRole('button', { name: 'Set inactive' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Set active' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Archive' })).toBeNull();
  });

  it('asks before archiving, says it is irreversible, starts on Cancel, and archives on Archive webhook', async () => {
    const { user, client } = renderButtons(['EDIT', 'ACTIVATE', 'ARCHIVE']);
    await user.click(screen.getByRole('button', { name: 'Archive' }));
    const dialog = screen.getByRole('dialog', { name: 'Archive this webhook?' });
    expect(dialog.textContent).toMatch(/irreversible/);
    expect(variablesSent(client.executeMutation, 'ArchiveWebhook')).toHaveLength(0);
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Cancel'));

    await user.click(within(dialog).getByRole('button', { name: 'Archive webhook' }));
    await waitFor(() => expect(variablesSent(client.executeMutation, 'ArchiveWebhook')).toEqual([{ id: 'wh-1' }]));
  });

  it('does nothing when the confirmation is cancelled', async () => {
    const { user, client } = renderButtons(['ACTIVATE']);
    await user.click(screen.getByRole('button', { name: 'Set active' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(variablesSent(client.executeMutation, 'ActivateWebhook')).toHaveLength(0);
  });
});
