import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { WebhookTestResultFieldsFragment } from '../../../gql/graphql';
import { mockClient, variablesSent } from '../../../test/mock-client';
import { getInput } from '../../../test/queries';
import { renderWithProviders } from '../../../test/render';
import TestPanel from './TestPanel';

const TESTED_WEBHOOK = {
  id: 'wh-1',
  method: 'POST',
  status: 'ACTIVE',
  filter: {
    join: 'AND',
    conditions: [
      { attribute: 'body.pointadd', operator: 'EXISTS', value: null },
      { attribute: 'headers.x-token', operator: 'EQUALS', value: 's3cret' },
    ],
    groups: [],
  },
  mapping: [
    { from: 'clientID', to: 'customer' },
    { from: 'points', to: 'data.points' },
  ],
  lastRequest: null,
};

const FILTERED_RESULT: WebhookTestResultFieldsFragment = {
  statusCode: 422,
  outcome: 'FILTERED',
  errorCode: 'FILTERED',
  reason: 'headers.x-token EQUALS: "wrong" is not "s3cret"',
  responseBody: '{"ok":false,"error":{"code":"FILTERED"}}',
  responseHeaders: { 'x-webhook-error': 'FILTERED' },
  filterPassed: false,
  conditions: [
    {
      groupPath: 'filter',
      index: 0,
      attribute: 'body.pointadd',
      operator: 'EXISTS',
      expected: null,
      actual: 'yes',
      found: true,
      passed: true,
      explanation: 'present',
    },
    {
      groupPath: 'filter',
      index: 1,
      attribute: 'headers.x-token',
      operator: 'EQUALS',
      expected: 's3cret',
      actual: 'wrong',
      found: true,
      passed: false,
      explanation: 'not equal',
    },
  ],
  mapping: [],
  mappedEvent: null,
  convertedEvent: null,
  issues: [],
};

const INVALID_EVENT_RESULT: WebhookTestResultFieldsFragment = {
  ...FILTERED_RESULT,
  statusCode: 422,
  outcome: 'INVALID_EVENT',
  errorCode: 'MISSING_ATTRIBUTE',
  reason: 'data.points is required',
  filterPassed: true,
  conditions: FILTERED_RESULT.conditions.map((condition) => ({ ...condition, passed: true })),
  mapping: [
    { from: 'clientID', to: 'customer', found: true, usedDefault: false, replaced: false, value: 'c-1' },
    { from: 'points', to: 'data.points', found: false, usedDefault: false, replaced: false, value: null },
  ],
  mappedEvent: { customer: 'c-1', data: {} },
  convertedEvent: { customer: 'c-1', data: {} },
  issues: [{ code: 'MISSING_ATTRIBUTE', attribute: 'data.points', message: 'data.points is required' }],
};

function renderPanel(result: WebhookTestResultFieldsFragment, webhook = TESTED_WEBHOOK) {
  const client = mockClient({
    TestPanelWebhook: () => ({ data: { webhook } }),
    TestWebhook: () => ({ data: { testWebhook: result } }),
  });
  renderWithProviders(<TestPanel />, {
    client,
    route: '/incoming-webhooks/:webhookId/test',
    path: '/incoming-webhooks/wh-1/test',
  });
  return { client, user: userEvent.setup({ delay: null }) };
}

describe('TestPanel', () => {
  it('prefills a sample that satisfies the filters and fills the mapping', async () => {
    renderPanel(FILTERED_RESULT);
    const body = JSON.parse(((await screen.findByLabelText('Body')) as HTMLTextAreaElement).value);
    expect(body).toEqual({ pointadd: 'example', clientID: 'customer-1', points: 'example points' });
    expect(JSON.parse(getInput('Headers').value)).toEqual({ 'content-type': 'application/json', 'x-token': 's3cret' });
  });

  it('runs testWebhook with the request and shows each condition green or red with its actual value', async () => {
    const { client, user } = renderPanel(FILTERED_RESULT);
    fireEvent.change(getInput('Headers'), { target: { value: '{"x-token": "wrong"}' } });
    fireEvent.change(getInput('Body'), { target: { value: '{"pointadd": "yes"}' } });
    await user.click(screen.getByRole('button', { name: 'Run test' }));

    const traces = await screen.findAllByTestId('condition-trace');
    expect(traces.map((trace) => trace.getAttribute('data-passed'))).toEqual(['true', 'false']);
    expect(within(traces[1]!).getByText('"wrong"')).toBeTruthy();
    expect(screen.getByText('The filter did not match: nothing would be registered.')).toBeTruthy();
    expect(variablesSent(client.executeQuery, 'TestWebhook')).toEqual([
      { id: 'wh-1', request: { method: 'POST', headers: { 'x-token': 'wrong' }, body: '{"pointadd": "yes"}' } },
    ]);
  });

  it('shows the mapped event, its validation errors and the response the sender would get', async () => {
    const { user } = renderPanel(INVALID_EVENT_RESULT);
    await user.click(await screen.findByRole('button', { name: 'Run test' }));

    const event = await screen.findByRole('region', { name: 'Event' });
    expect(within(event).getByRole('alert').textContent).toContain('data.points is required');
    const response = screen.getByRole('region', { name: 'Response' });
    expect(within(response).getByText(/"code": "FILTERED"/)).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Mapping' })).getByText('missing')).toBeTruthy();
  });

  it('refuses headers that are not a JSON object', async () => {
    const { user, client } = renderPanel(FILTERED_RESULT);
    fireEvent.change(await screen.findByLabelText('Headers'), { target: { value: '["x"]' } });
    expect(screen.getByText(/Headers are a JSON object/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Run test' }));
    expect(variablesSent(client.executeQuery, 'TestWebhook')).toHaveLength(0);
  });

  it('explains instead of offering a test when the webhook is archived', async () => {
    const { client } = renderPanel(FILTERED_RESULT, { ...TESTED_WEBHOOK, status: 'ARCHIVED' });
    expect(await screen.findByText('This webhook is archived')).toBeTruthy();
    expect(screen.getByText(/senders get 404 Not Found/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Run test' })).toBeNull();
    expect(screen.queryByLabelText('Body')).toBeNull();
    expect(variablesSent(client.executeQuery, 'TestWebhook')).toHaveLength(0);
  });
});
