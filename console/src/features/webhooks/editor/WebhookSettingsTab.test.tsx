import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, variablesSent, type MockAnswer } from '../../../test/mock-client';
import { EVENT_DEFINITIONS, pointAddWebhook } from '../../../test/fixtures';
import { fill, getInput } from '../../../test/queries';
import { ADMIN_VIEWER, renderWithProviders } from '../../../test/render';
import WebhookSettingsTab from './WebhookSettingsTab';

function renderSettings(updateAnswer: () => MockAnswer, viewer = ADMIN_VIEWER, webhook = pointAddWebhook()) {
  const client = mockClient({
    WebhookSettings: () => ({ data: { webhook } }),
    EventDefinitions: () => ({ data: { eventDefinitions: EVENT_DEFINITIONS } }),
    UpdateWebhook: updateAnswer,
  });
  const view = renderWithProviders(<WebhookSettingsTab />, {
    client,
    viewer,
    route: '/incoming-webhooks/:webhookId',
    path: '/incoming-webhooks/wh-1',
  });
  return { ...view, client, user: userEvent.setup({ delay: null }) };
}

/** The text Mantine links to an input as its error (aria-describedby). */
function errorOf(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

function badInput(field: string, message: string) {
  return { message, extensions: { code: 'BAD_USER_INPUT', field } };
}

describe('WebhookSettingsTab', () => {
  it('shows server validation errors at the inputs their extensions.field names', async () => {
    const { user } = renderSettings(() => ({
      errors: [
        badInput('input.mapping[1].to', 'point_add has no attribute data.pointz.'),
        badInput('input.filter.conditions[0].value', 'Compare with a shorter value.'),
        badInput('input.successResponse', 'The success response is too long.'),
        { message: 'The endpoint "endpoint1" is taken.', extensions: { code: 'CONFLICT', field: 'input.endpoint' } },
      ],
    }));
    await fill(user, getInput('Name'), ' (copy)');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const secondMapping = screen.getByRole('group', { name: 'Mapping 2' });
    await waitFor(() =>
      expect(errorOf(getInput('To', secondMapping))).toContain('point_add has no attribute data.pointz.'),
    );
    expect(errorOf(getInput('Condition 1 value'))).toContain('Compare with a shorter value.');
    expect(errorOf(getInput('Success response'))).toContain('The success response is too long.');
    expect(errorOf(getInput('Endpoint'))).toContain('The endpoint "endpoint1" is taken.');
    // The first mapping row is fine and says nothing.
    expect(getInput('To', screen.getByRole('group', { name: 'Mapping 1' })).getAttribute('aria-invalid')).not.toBe(
      'true',
    );

    const summary = screen.getByRole('alert', { name: 'The webhook was not saved' });
    expect(within(summary).getByText('Mapping 2, To:')).toBeTruthy();
    expect(within(summary).getByText('Filter, condition 1, value:')).toBeTruthy();
  });

  it('sends only the changed fields with the version the edit started from', async () => {
    const { user, client } = renderSettings(() => ({
      data: { updateWebhook: pointAddWebhook({ name: 'Points', version: 4 }) },
    }));
    const name = getInput('Name');
    await user.clear(name);
    await fill(user, name, 'Points');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(variablesSent(client.executeMutation, 'UpdateWebhook')).toHaveLength(1));
    expect(variablesSent(client.executeMutation, 'UpdateWebhook')[0]).toEqual({
      id: 'wh-1',
      input: { name: 'Points', expectedVersion: 3 },
    });
  });

  it('explains a stale expectedVersion and offers to reload', async () => {
    const { user, client } = renderSettings(() => ({
      errors: [{ message: 'Version 3 is stale.', extensions: { code: 'CONFLICT', field: 'input.expectedVersion' } }],
    }));
    await fill(user, getInput('Name'), '!');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const conflict = await screen.findByRole('alert', { name: 'Someone else changed this webhook' });
    const loadsBefore = variablesSent(client.executeQuery, 'WebhookSettings').length;
    await user.click(within(conflict).getByRole('button', { name: 'Reload' }));
    expect(variablesSent(client.executeQuery, 'WebhookSettings').length).toBeGreaterThan(loadsBefore);
  });

  it('checks what it can before saving, and sends nothing while something is wrong', async () => {
    const { user, client } = renderSettings(() => ({ data: null }));
    await user.clear(getInput('Name'));
    fireEvent.change(getInput('Error response'), { target: { value: "{'notok':false}" } });
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(errorOf(getInput('Name'))).toContain('The name is empty.');
    expect(errorOf(getInput('Error response'))).toContain('Single quotes are not JSON');
    expect(variablesSent(client.executeMutation, 'UpdateWebhook')).toHaveLength(0);
  });

  it('refuses a pattern RE2 refuses (a lookbehind JavaScript accepts) before sending, as the server would', async () => {
    const webhook = pointAddWebhook({
      filter: {
        join: 'AND',
        conditions: [{ attribute: 'body.code', operator: 'MATCHES', value: '(?<=VIP-)[0-9]+' }],
        groups: [],
      },
    });
    const { user, client } = renderSettings(() => ({ data: null }), ADMIN_VIEWER, webhook);
    await fill(user, getInput('Name'), ' 2');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(errorOf(getInput('Condition 1 value'))).toContain(
        'The pattern is not a valid RE2 regular expression (error parsing regexp: invalid named capture',
      ),
    );
    expect(variablesSent(client.executeMutation, 'UpdateWebhook')).toHaveLength(0);
  });

  it('asks before leaving with unsaved changes', async () => {
    const { user, router } = renderSettings(() => ({ data: null }));
    await fill(user, getInput('Name'), ' 2');
    await waitFor(() => expect(screen.getByText('Unsaved changes')).toBeTruthy());
    await router.navigate('/elsewhere');

    const dialog = await screen.findByRole('dialog', { name: 'Leave without saving?' }, { timeout: 5000 });
    await user.click(within(dialog).getByRole('button', { name: 'Stay' }));
    expect(router.state.location.pathname).toBe('/incoming-webhooks/wh-1');
  });

  it('is read only for a READER', async () => {
    renderSettings(() => ({ data: null }), { ...ADMIN_VIEWER, role: 'READER' });
    expect(await screen.findByText('Your role may read webhooks but not change them.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(getInput('Name').disabled).toBe(true);
  });
});
