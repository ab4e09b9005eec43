import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { EVENT_DEFINITIONS } from '../../../test/fixtures';
import { mockClient, variablesSent } from '../../../test/mock-client';
import { fill, getInput } from '../../../test/queries';
import { renderWithProviders } from '../../../test/render';
import BlueprintPicker from './BlueprintPicker';
import CreateWebhookPage from './CreateWebhookPage';

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
      mapping: [],
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
        },
      },
    ]);
  });
});
