import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { EVENT_DEFINITIONS } from '../../../test/fixtures';
import { mockClient, variablesSent } from '../../../test/mock-client';
import { fill, getInput } from '../../../test/queries';
import { renderWithProviders } from '../../../test/render';
import BlueprintPicker from './BlueprintPicker';
import CreateWebhookPage from './CreateWebhookPage';

const NO_OPTIONS = {
  header: null,
  algorithm: null,
  encoding: null,
  prefix: null,
  timestampHeader: null,
  toleranceSeconds: null,
  username: null,
};

const BLUEPRINTS = [
  {
    id: 'mparticle-purchase',
    name: 'mParticle purchase',
    description: 'Commerce events from mParticle.',
    category: 'mparticle',
    template: {
      method: 'POST',
      endpoint: 'mparticle',
      action: 'checkout_accept',
      successResponse: null,
      errorResponse: null,
      filter: null,
      mapping: [{ from: 'user_identities.0.identity', to: 'customer', default: null, replace: [] }],
      verification: { ...NO_OPTIONS, scheme: 'API_KEY', header: 'authorization' },
      idempotency: { key: 'body.source_request_id', windowHours: 168 },
    },
  },
  {
    id: 'point-add',
    name: 'Point add',
    description: 'Adds points.',
    category: 'example',
    template: {
      method: 'POST',
      endpoint: 'endpoint1',
      action: 'point_add',
      successResponse: '{"ok":true}',
      errorResponse: null,
      filter: {
        join: 'AND',
        conditions: [{ attribute: 'body.pointadd', operator: 'EXISTS', value: null }],
        groups: [],
      },
      mapping: [
        { from: 'clientID', to: 'customer', default: null, replace: [] },
        { from: 'pointstobeadded', to: 'data.points', default: null, replace: [] },
      ],
      verification: { ...NO_OPTIONS, scheme: 'NONE' },
      idempotency: null,
    },
  },
  {
    id: 'blank',
    name: 'Blank',
    description: 'Start from nothing.',
    category: 'basic',
    template: {
      method: 'POST',
      endpoint: null,
      action: null,
      successResponse: null,
      errorResponse: null,
      filter: null,
      mapping: [],
      verification: { ...NO_OPTIONS, scheme: 'NONE' },
      idempotency: null,
    },
  },
];

function clientWithBlueprints() {
  return mockClient({
    Blueprints: () => ({ data: { blueprints: BLUEPRINTS } }),
    EventDefinitions: () => ({ data: { eventDefinitions: EVENT_DEFINITIONS } }),
    CreateWebhook: () => ({
      data: {
        createWebhook: {
          id: 'wh-9',
          name: 'Point add',
          status: 'INACTIVE',
          url: 'x',
          version: 1,
          allowedActions: ['EDIT'],
        },
      },
    }),
  });
}

describe('Creating a webhook', () => {
  it('shows the blueprint cards Blank first, then the examples, then mParticle', async () => {
    renderWithProviders(<BlueprintPicker />, { client: clientWithBlueprints() });
    const headings = (await screen.findAllByRole('heading', { level: 2 })).map((heading) => heading.textContent);
    expect(headings).toEqual(['Start from scratch', 'Examples', 'mParticle']);
    const card = screen.getByRole('article', { name: 'Point add' });
    expect(within(card).getByRole('link', { name: 'Use Point add' }).getAttribute('href')).toBe(
      '/incoming-webhooks/new/point-add',
    );
  });

  it('prefills the editor from the card, shows the live URL, and creates the webhook', async () => {
    const client = clientWithBlueprints();
    const { router } = renderWithProviders(<CreateWebhookPage />, {
      client,
      route: '/incoming-webhooks/new/:blueprintId',
      path: '/incoming-webhooks/new/point-add',
    });
    const user = userEvent.setup({ delay: null });

    expect((await screen.findAllByRole('textbox', { name: 'Name' }))[0]).toBeTruthy();
    expect(getInput('Name').value).toBe('Point add');
    expect(getInput('Endpoint').value).toBe('endpoint1');
    expect(getInput('Condition 1 attribute').value).toBe('body.pointadd');
    expect(screen.getByText(`${window.location.origin}/webhooks/custom/acme/endpoint1`)).toBeTruthy();

    await user.clear(getInput('Endpoint'));
    await fill(user, getInput('Endpoint'), 'points');
    expect(screen.getByText(`${window.location.origin}/webhooks/custom/acme/points`)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Create webhook' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/incoming-webhooks/wh-9'));
    expect(variablesSent(client.executeMutation, 'CreateWebhook')).toEqual([
      {
        input: {
          name: 'Point add',
          method: 'POST',
          endpoint: 'points',
          action: 'point_add',
          filter: { join: 'AND', conditions: [{ attribute: 'body.pointadd', operator: 'EXISTS' }], groups: [] },
          mapping: [
            { from: 'clientID', to: 'customer', replace: [] },
            { from: 'pointstobeadded', to: 'data.points', replace: [] },
          ],
          successResponse: '{"ok":true}',
          errorResponse: null,
          // NONE is sent as an explicit choice.
          verification: { scheme: 'NONE' },
          idempotency: null,
        },
      },
    ]);
  });

  it("prefills the blueprint's scheme and idempotency key and creates the webhook with them", async () => {
    const client = clientWithBlueprints();
    const { router } = renderWithProviders(<CreateWebhookPage />, {
      client,
      route: '/incoming-webhooks/new/:blueprintId',
      path: '/incoming-webhooks/new/mparticle-purchase',
    });
    const user = userEvent.setup({ delay: null });

    await screen.findByRole('heading', { name: 'New webhook: mParticle purchase' });
    expect(getInput('Scheme').value).toBe('API key in a header');
    expect(getInput('Key header').value).toBe('authorization');
    expect(screen.queryByTestId('unverified-badge')).toBeNull();
    expect(screen.getByText(/Once the webhook is created, add its secret here/)).toBeTruthy();
    expect(screen.getByRole('switch', { name: 'Process each delivery once' })).toHaveProperty('checked', true);
    expect(getInput('Delivery id').value).toBe('body.source_request_id');
    expect(getInput('Window (hours)').value).toBe('168');

    await user.click(screen.getByRole('button', { name: 'Create webhook' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/incoming-webhooks/wh-9'));
    expect(variablesSent(client.executeMutation, 'CreateWebhook')[0]!.input).toMatchObject({
      verification: { scheme: 'API_KEY', header: 'authorization' },
      idempotency: { key: 'body.source_request_id', windowHours: 168 },
    });
  });
});
