import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, variablesSent, type MockAnswer } from '../../../test/mock-client';
import { EVENT_DEFINITIONS, pointAddWebhook } from '../../../test/fixtures';
import { fill, getInput } from '../../../test/queries';
import { renderWithProviders } from '../../../test/render';
import WebhookSettingsTab from './WebhookSettingsTab';

/** "Split into items" (fan-out, issue 11) in the Settings tab: saved as splitOn, checked like the server does. */
function renderSettings(updateAnswer: () => MockAnswer, webhook = pointAddWebhook()) {
  const client = mockClient({
    WebhookSettings: () => ({ data: { webhook } }),
    EventDefinitions: () => ({ data: { eventDefinitions: EVENT_DEFINITIONS } }),
    UpdateWebhook: updateAnswer,
  });
  renderWithProviders(<WebhookSettingsTab />, {
    client,
    route: '/incoming-webhooks/:webhookId',
    path: '/incoming-webhooks/wh-1',
  });
  return { client, user: userEvent.setup({ delay: null }) };
}

function errorOf(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('Split into items', () => {
  it('explains itself and saves the path as splitOn', async () => {
    const { user, client } = renderSettings(() => ({
      data: { updateWebhook: pointAddWebhook({ splitOn: 'body.line_items', version: 4 }) },
    }));
    const field = getInput('Split into items');
    expect(field.getAttribute('placeholder')).toBe('body.line_items');
    expect(errorOf(field)).toContain('Each item of this list becomes one event');
    expect(screen.getByText(/From reads the request body/)).toBeTruthy();
    await fill(user, field, 'body.line_items');
    expect(screen.getByText(/From reads each item/)).toBeTruthy();
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(variablesSent(client.executeMutation, 'UpdateWebhook')).toHaveLength(1));
    expect(variablesSent(client.executeMutation, 'UpdateWebhook')[0]).toEqual({
      id: 'wh-1',
      input: { splitOn: 'body.line_items', expectedVersion: 3 },
    });
  });

  it('sends null when the field is emptied, so the webhook stops splitting', async () => {
    const { user, client } = renderSettings(
      () => ({ data: { updateWebhook: pointAddWebhook({ version: 4 }) } }),
      pointAddWebhook({ splitOn: 'body.events' }),
    );
    const field = getInput('Split into items');
    expect((field as HTMLInputElement).value).toBe('body.events');
    await user.clear(field);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(variablesSent(client.executeMutation, 'UpdateWebhook')).toHaveLength(1));
    expect(variablesSent(client.executeMutation, 'UpdateWebhook')[0]).toEqual({
      id: 'wh-1',
      input: { splitOn: null, expectedVersion: 3 },
    });
  });

  it('refuses a path without the body. prefix before saving, in the words of @intake/rules', async () => {
    const { user, client } = renderSettings(() => ({ data: { updateWebhook: pointAddWebhook() } }));
    await fill(user, getInput('Split into items'), 'line_items');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(errorOf(getInput('Split into items'))).toContain('must be "body." followed by'));
    expect(screen.getByText('Split into items:')).toBeTruthy();
    expect(variablesSent(client.executeMutation, 'UpdateWebhook')).toHaveLength(0);
  });

  it("shows the server's BAD_USER_INPUT at input.splitOn next to the field", async () => {
    const { user } = renderSettings(() => ({
      errors: [
        {
          message: 'The path "body.a..b" has an empty part.',
          extensions: { code: 'BAD_USER_INPUT', field: 'input.splitOn' },
        },
      ],
    }));
    await fill(user, getInput('Split into items'), 'body.items');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(errorOf(getInput('Split into items'))).toContain('has an empty part.'));
  });
});
