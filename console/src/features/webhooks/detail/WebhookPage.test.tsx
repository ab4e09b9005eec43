import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, variablesSent } from '../../../test/mock-client';
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
  verification: { scheme: 'GITHUB', secrets: [{ id: 'sec-1', expiresAt: null }] as { id: string; expiresAt: null }[] },
};

const NO_LIVE_SECRET = {
  message:
    'Cannot activate a webhook that verifies its senders with GITHUB but has no live secret: every request would be refused.',
  extensions: { code: 'INVALID_TRANSITION' },
};

function renderPage(webhook: typeof HEADER) {
  const client = mockClient({
    WebhookHeader: () => ({ data: { webhook } }),
    ActivateWebhook: () => ({ errors: [NO_LIVE_SECRET] }),
    WebhookStats: () => ({ data: { webhook: { id: webhook.id, stats: [] } } }),
  });
  const view = renderWithProviders(<WebhookPage />, {
    client,
    route: '/incoming-webhooks/:webhookId/*',
    path: '/incoming-webhooks/wh-1',
  });
  return { ...view, client, user: userEvent.setup({ delay: null }) };
}

describe('WebhookPage', () => {
  it('shows the URL with a Copy button', async () => {
    renderPage(HEADER);
    expect(await screen.findByRole('button', { name: 'Copy webhook URL' })).toBeTruthy();
    expect(screen.getByText(HEADER.url)).toBeTruthy();
    expect(screen.queryByText(/no longer accepts requests/)).toBeNull();
    expect(screen.queryByTestId('unverified-badge')).toBeNull();
  });

  it('shows the webhook’s statistics above the tabs', async () => {
    const { client } = renderPage(HEADER);
    const section = await screen.findByRole('region', { name: 'Statistics' });
    expect(await within(section).findByText('No requests in this period')).toBeTruthy();
    expect(variablesSent(client.executeQuery, 'WebhookStats')[0]).toMatchObject({ id: 'wh-1', interval: 'HOUR' });
  });

  it('warns that a webhook with the scheme NONE is unverified', async () => {
    renderPage({ ...HEADER, verification: { scheme: 'NONE', secrets: [] } });
    expect((await screen.findByTestId('unverified-badge')).textContent).toBe(
      'Unverified: anyone who knows the URL can send',
    );
  });

  it('explains a refused activation: the webhook needs a live secret first, with a way to the Authentication section', async () => {
    const { user, client, router } = renderPage({
      ...HEADER,
      status: 'INACTIVE',
      allowedActions: ['EDIT', 'ACTIVATE', 'ARCHIVE'],
      verification: { scheme: 'GITHUB', secrets: [] },
    });
    await user.click(await screen.findByRole('button', { name: 'Set active' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Set webhook active' }));

    const notice = await screen.findByRole('alert', { name: 'Add a secret before setting this webhook active' });
    expect(variablesSent(client.executeMutation, 'ActivateWebhook')).toEqual([{ id: 'wh-1' }]);
    expect(notice.textContent).toContain('verifies its senders (GitHub) but has no live secret');
    // The server's own words stay visible under the explanation.
    expect(notice.textContent).toContain(NO_LIVE_SECRET.message);
    await user.click(within(notice).getByRole('link', { name: 'Go to Authentication' }));
    expect(router.state.location.hash).toBe('#authentication');
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
