import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { WebhookSettingsFieldsFragment } from '../../../gql/graphql';
import { EVENT_DEFINITIONS, pointAddWebhook, secretOf, verificationOf } from '../../../test/fixtures';
import { mockClient, variablesSent, type MockAnswer } from '../../../test/mock-client';
import { fill, getInput } from '../../../test/queries';
import { renderWithProviders } from '../../../test/render';
import WebhookSettingsTab from './WebhookSettingsTab';

/** The Authentication and Idempotency sections of the Settings tab, over a mock API. */

type User = ReturnType<typeof userEvent.setup>;

function renderSettings(
  webhook: WebhookSettingsFieldsFragment,
  updateAnswer: () => MockAnswer = () => ({ data: null }),
  otherAnswers: Record<string, () => MockAnswer> = {},
) {
  const client = mockClient({
    WebhookSettings: () => ({ data: { webhook } }),
    EventDefinitions: () => ({ data: { eventDefinitions: EVENT_DEFINITIONS } }),
    UpdateWebhook: updateAnswer,
    ...otherAnswers,
  });
  renderWithProviders(<WebhookSettingsTab />, {
    client,
    route: '/incoming-webhooks/:webhookId',
    path: '/incoming-webhooks/wh-1',
  });
  return { client, user: userEvent.setup({ delay: null }) };
}

async function chooseScheme(user: User, label: string) {
  await user.click(getInput('Scheme'));
  await user.click(await screen.findByRole('option', { name: label }));
}

/** The text Mantine links to an input as its description and error (aria-describedby). */
function describedBy(input: HTMLElement): string {
  const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

function authentication(): HTMLElement {
  return screen.getByRole('region', { name: 'Authentication' });
}

async function save(user: User) {
  await user.click(screen.getByRole('button', { name: 'Save' }));
}

function updatesSent(client: ReturnType<typeof renderSettings>['client']) {
  return variablesSent(client.executeMutation, 'UpdateWebhook').map((variables) => variables.input);
}

describe('Authentication section', () => {
  it('marks a NONE webhook Unverified and describes each scheme in words as it is picked', async () => {
    const { user } = renderSettings(pointAddWebhook());
    await screen.findByRole('region', { name: 'Authentication' });
    expect(within(authentication()).getByTestId('unverified-badge').textContent).toBe(
      'Unverified: anyone who knows the URL can send',
    );
    expect(within(authentication()).getByRole('alert')).toBeTruthy();

    await chooseScheme(user, 'GitHub');
    expect(within(authentication()).queryByTestId('unverified-badge')).toBeNull();
    expect(describedBy(getInput('Scheme'))).toContain('GitHub signs the body in X-Hub-Signature-256: sha256=');

    await chooseScheme(user, 'Standard Webhooks (Svix)');
    expect(describedBy(getInput('Scheme'))).toContain('webhook-id, webhook-timestamp and webhook-signature');
    expect(getInput('Tolerance (seconds)').placeholder).toBe('300');

    await chooseScheme(user, 'API key in a header');
    expect(describedBy(getInput('Key header'))).toContain('"authorization" means Authorization: Bearer <secret>.');

    await chooseScheme(user, 'Basic authentication');
    expect(getInput('Username')).toBeTruthy();
  });

  it('sends the generic HMAC options as the verification input, with the version', async () => {
    const { client, user } = renderSettings(pointAddWebhook(), () => ({ data: null }));
    await screen.findByRole('region', { name: 'Authentication' });
    await chooseScheme(user, 'HMAC signature (any sender)');
    await fill(user, getInput('Signature header'), 'X-Signature');
    await user.click(getInput('Algorithm'));
    await user.click(await screen.findByRole('option', { name: 'SHA512' }));
    await user.click(getInput('Encoding'));
    await user.click(await screen.findByRole('option', { name: 'Base64' }));
    await fill(user, getInput('Prefix'), 'sha512=');
    // The tolerance is asked for only once a timestamp is signed.
    expect(screen.queryByLabelText('Tolerance (seconds)')).toBeNull();
    await fill(user, getInput('Timestamp header'), 'X-Timestamp');
    await fill(user, getInput('Tolerance (seconds)'), '120');
    await save(user);

    await waitFor(() => expect(updatesSent(client)).toHaveLength(1));
    expect(updatesSent(client)[0]).toEqual({
      verification: {
        scheme: 'HMAC',
        header: 'X-Signature',
        algorithm: 'SHA512',
        encoding: 'BASE64',
        prefix: 'sha512=',
        timestampHeader: 'X-Timestamp',
        toleranceSeconds: 120,
      },
      expectedVersion: 3,
    });
  });

  it("refuses before saving what the server would, in the server's words", async () => {
    const { client, user } = renderSettings(pointAddWebhook());
    await screen.findByRole('region', { name: 'Authentication' });
    await chooseScheme(user, 'HMAC signature (any sender)');
    await save(user);
    expect(describedBy(getInput('Signature header'))).toContain('HMAC needs the signature header.');

    await chooseScheme(user, 'Stripe');
    await fill(user, getInput('Tolerance (seconds)'), '3601');
    await save(user);
    expect(describedBy(getInput('Tolerance (seconds)'))).toContain(
      'The tolerance is a whole number of seconds from 1 to 3600.',
    );

    await chooseScheme(user, 'Basic authentication');
    await fill(user, getInput('Username'), 'shop:1');
    await save(user);
    expect(describedBy(getInput('Username'))).toContain('A Basic username cannot contain ":" (RFC 7617).');
    const summary = screen.getByRole('alert', { name: 'The webhook was not saved' });
    expect(within(summary).getByText('Authentication, username:')).toBeTruthy();
    expect(updatesSent(client)).toHaveLength(0);
  });

  it('shows the server errors at the fields they name (input.verification.header, input.idempotency.key)', async () => {
    const { user } = renderSettings(
      pointAddWebhook({
        verification: verificationOf('API_KEY', { header: 'x-api-key' }),
        idempotency: { key: 'body.id', windowHours: 168 },
      }),
      () => ({
        errors: [
          {
            message: 'x-custom cannot carry a credential; choose another header.',
            extensions: { code: 'BAD_USER_INPUT', field: 'input.verification.header' },
          },
          {
            message: 'The key reads a path the request never has.',
            extensions: { code: 'BAD_USER_INPUT', field: 'input.idempotency.key' },
          },
        ],
      }),
    );
    const keyHeader = await waitFor(() => getInput('Key header'));
    await user.clear(keyHeader);
    await fill(user, keyHeader, 'x-custom');
    await save(user);

    await waitFor(() =>
      expect(describedBy(getInput('Key header'))).toContain(
        'x-custom cannot carry a credential; choose another header.',
      ),
    );
    expect(describedBy(getInput('Delivery id'))).toContain('The key reads a path the request never has.');
    const summary = screen.getByRole('alert', { name: 'The webhook was not saved' });
    expect(within(summary).getByText('Authentication, header:')).toBeTruthy();
    expect(within(summary).getByText('Idempotency, delivery id:')).toBeTruthy();

    // Editing the section makes the server's complaint about it outdated.
    await fill(user, getInput('Key header'), '2');
    expect(describedBy(getInput('Key header'))).not.toContain('cannot carry a credential');
  });

  it("lists the saved webhook's secrets in the section; rotating one saves nothing else", async () => {
    const webhook = pointAddWebhook({ verification: verificationOf('GITHUB', { secrets: [secretOf()] }) });
    const { client, user } = renderSettings(webhook, undefined, {
      AddWebhookSecret: () => ({
        data: {
          addWebhookSecret: { secret: 'a-secret-of-the-sender-1234', webhook: { ...webhook, version: 4 } },
        },
      }),
    });
    const secrets = await screen.findByRole('region', { name: 'Secrets' });
    expect(within(secrets).getByText('…x9Qa')).toBeTruthy();
    await fill(user, getInput('Name'), ' (unsaved)');
    await user.click(within(secrets).getByRole('button', { name: 'Rotate secret' }));
    // Enter in the dialog adds the secret; it does not save the editor the list is part of.
    await fill(user, getInput('Your own value (optional)'), 'a-secret-of-the-sender-1234');
    await user.keyboard('{Enter}');
    await screen.findByTestId('new-secret-value');
    expect(variablesSent(client.executeMutation, 'AddWebhookSecret')).toHaveLength(1);
    expect(updatesSent(client)).toHaveLength(0);
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
  });
});

describe('Idempotency section', () => {
  it("offers the scheme's delivery id when switched on and saves it with the default window", async () => {
    const { client, user } = renderSettings(pointAddWebhook({ verification: verificationOf('GITHUB') }));
    await screen.findByRole('region', { name: 'Idempotency' });
    expect(screen.getByText(/GitHub sends a delivery id in/)).toBeTruthy();
    await user.click(screen.getByRole('switch', { name: 'Process each delivery once' }));
    expect(getInput('Delivery id').value).toBe('headers.x-github-delivery');
    expect(getInput('Window (hours)').value).toBe('168');
    await save(user);

    await waitFor(() => expect(updatesSent(client)).toHaveLength(1));
    expect(updatesSent(client)[0]).toEqual({
      idempotency: { key: 'headers.x-github-delivery', windowHours: 168 },
      expectedVersion: 3,
    });
  });

  it("offers the scheme's key in place of another one, and checks the key and the window", async () => {
    const { client, user } = renderSettings(
      pointAddWebhook({
        verification: verificationOf('STRIPE', { toleranceSeconds: 300 }),
        idempotency: { key: 'headers.x-request-id', windowHours: 24 },
      }),
    );
    await screen.findByRole('region', { name: 'Idempotency' });
    await user.click(screen.getByRole('button', { name: 'Use body.id' }));
    expect(getInput('Delivery id').value).toBe('body.id');

    await user.clear(getInput('Delivery id'));
    await fill(user, getInput('Delivery id'), 'delivery');
    await user.clear(getInput('Window (hours)'));
    await fill(user, getInput('Window (hours)'), '721');
    await save(user);
    expect(describedBy(getInput('Delivery id'))).toContain('"delivery" is not a place in the request.');
    expect(describedBy(getInput('Window (hours)'))).toContain(
      'The window is a whole number of hours from 1 to 720 (30 days).',
    );
    expect(updatesSent(client)).toHaveLength(0);
  });

  it('switching it off sends null (the server then processes every request)', async () => {
    const { client, user } = renderSettings(
      pointAddWebhook({ idempotency: { key: 'headers.x-request-id', windowHours: 24 } }),
    );
    await user.click(await screen.findByRole('switch', { name: 'Process each delivery once' }));
    await save(user);
    await waitFor(() => expect(updatesSent(client)).toEqual([{ idempotency: null, expectedVersion: 3 }]));
  });
});
