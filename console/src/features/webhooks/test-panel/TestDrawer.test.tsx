import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { WebhookTestResultFieldsFragment } from '../../../gql/graphql';
import { mockClient, variablesSent } from '../../../test/mock-client';
import { EVENT_DEFINITIONS, pointAddWebhook } from '../../../test/fixtures';
import { getInput } from '../../../test/queries';
import { renderWithProviders } from '../../../test/render';
import WebhookSettingsTab from '../editor/WebhookSettingsTab';

const PROCESSED: WebhookTestResultFieldsFragment = {
  statusCode: 200,
  outcome: 'PROCESSED',
  errorCode: null,
  reason: null,
  responseBody: '{"ok":true}',
  responseHeaders: {},
  filterPassed: true,
  conditions: [],
  filterTrace: null,
  mapping: [],
  mappedEvent: null,
  convertedEvent: null,
  issues: [],
  items: [],
  events: [],
  verification: null,
  idempotency: null,
};

function renderSettings() {
  const webhook = { ...pointAddWebhook(), status: 'ACTIVE' as const };
  const client = mockClient({
    WebhookSettings: () => ({ data: { webhook } }),
    EventDefinitions: () => ({ data: { eventDefinitions: EVENT_DEFINITIONS } }),
    UpdateWebhook: () => ({ data: { updateWebhook: webhook } }),
    TestPanelWebhook: () => ({
      data: { webhook: { ...webhook, verification: { scheme: 'NONE', secrets: [] }, lastRequest: null } },
    }),
    TestCustomers: () => ({
      data: { customers: { nodes: [{ id: 'm-1', email: null, firstName: null, lastName: null }] } },
    }),
    TestCustomer: () => ({ data: { customer: { id: 'm-1' } } }),
    TestWebhook: () => ({ data: { testWebhook: PROCESSED } }),
  });
  renderWithProviders(<WebhookSettingsTab />, {
    client,
    route: '/incoming-webhooks/:webhookId',
    path: '/incoming-webhooks/wh-1',
  });
  return { client, user: userEvent.setup({ delay: null }) };
}

describe('testing the editor’s unsaved changes', () => {
  it('runs the draft in a drawer over the editor, saving nothing', async () => {
    const { client, user } = renderSettings();
    const value = await screen
      .findByRole('textbox', { name: 'Condition 1 value' })
      .catch(() => getInput('Condition 1 value'));
    await user.clear(value);
    await user.type(value, 'gift');
    await user.click(screen.getByRole('button', { name: 'Test unsaved changes' }));

    const drawer = await screen.findByRole('dialog', { name: 'Test your unsaved changes' });
    expect(await within(drawer).findByText('Testing your unsaved changes')).toBeTruthy();
    await waitFor(() =>
      expect(JSON.parse(getInput('Body', drawer).value)).toMatchObject({ pointadd: 'gift', clientID: 'm-1' }),
    );
    await user.click(within(drawer).getByRole('button', { name: 'Run test' }));

    await waitFor(() => expect(variablesSent(client.executeQuery, 'TestWebhook')).toHaveLength(1));
    expect(variablesSent(client.executeQuery, 'TestWebhook')[0]!.draft).toEqual({
      filter: {
        join: 'AND',
        conditions: [{ attribute: 'body.pointadd', operator: 'EQUALS', value: 'gift' }],
        groups: [],
      },
    });
    expect(client.executeMutation).not.toHaveBeenCalled();
  });
});
