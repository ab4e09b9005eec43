import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockClient } from '../../../test/mock-client';
import { renderWithProviders } from '../../../test/render';
import WebhookPage from './WebhookPage';

const HEADER = {
  id: 'wh-1',
  name: 'Point add',
  method: 'POST',
  endpoint: 'endpoint1',
  url: 'https://intake.example/webhooks/custom/acme/endpoint1',
  status: 'ACTIVE',
  allowedActions: ['EDIT', 'DEACTIVATE', 'ARCHIVE'],
  version: 3,
};

function renderPage(webhook: typeof HEADER) {
  const client = mockClient({ WebhookHeader: () => ({ data: { webhook } }) });
  renderWithProviders(<WebhookPage />, {
    client,
    route: '/incoming-webhooks/:webhookId/*',
    path: '/incoming-webhooks/wh-1',
  });
}

describe('WebhookPage', () => {
  it('shows the URL with a Copy button', async () => {
    renderPage(HEADER);
    expect(await screen.findByRole('button', { name: 'Copy webhook URL' })).toBeTruthy();
    expect(screen.getByText(HEADER.url)).toBeTruthy();
    expect(screen.queryByText(/no longer accepts requests/)).toBeNull();
  });

  it('shows an archived webhook’s URL as plain text, with why, and no Copy button; all tabs stay', async () => {
    renderPage({ ...HEADER, status: 'ARCHIVED', allowedActions: [] });
    expect(
      await screen.findByText(
        'Archived: this address no longer accepts requests and may be reused by another webhook.',
      ),
    ).toBeTruthy();
    expect(screen.getByText(HEADER.url).tagName).not.toBe('CODE');
    expect(screen.queryByRole('button', { name: 'Copy webhook URL' })).toBeNull();
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['Settings', 'Test', 'Logs', 'History']);
  });
});
