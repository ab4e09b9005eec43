import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { fill, getInput } from '../test/queries';

/**
 * The whole app over its real urql client and normalised cache, with `fetch` answering like the API.
 * Only the transport is fake, so this checks the session handling end to end: UNAUTHENTICATED from any
 * operation leads to sign-in, and signing in returns to where the admin was.
 */
type Answer = { data?: unknown; errors?: unknown[] };
const answers = new Map<string, () => Answer>();
const requested: string[] = [];

const unauthenticated = (): Answer => ({
  data: null,
  errors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }],
});

const viewer = {
  __typename: 'Viewer',
  role: 'ADMIN',
  account: { __typename: 'Account', id: 'acc-1', slug: 'acme', name: 'Acme' },
  user: { __typename: 'AdminUser', id: 'user-1', email: 'admin@acme.test' },
};

vi.stubGlobal(
  'fetch',
  vi.fn(async (_url: string, init: RequestInit) => {
    const { operationName } = JSON.parse(String(init.body)) as { operationName: string };
    requested.push(operationName);
    const answer = answers.get(operationName);
    if (!answer) throw new Error(`No answer for ${operationName}`);
    return new Response(JSON.stringify(answer()), { headers: { 'content-type': 'application/json' } });
  }),
);
const warn = vi.spyOn(console, 'warn');
afterAll(() => {
  vi.unstubAllGlobals();
  warn.mockRestore();
  window.history.pushState({}, '', '/');
});

function currentUrl() {
  return `${window.location.pathname}${window.location.search}`;
}

describe('App session handling', () => {
  it('sends an unauthenticated visit to sign-in and back after, and does so again when the session expires', async () => {
    window.history.pushState({}, '', '/incoming-webhooks/wh-1/logs');
    // The router reads the URL when created, so the app is imported after the URL is set.
    const { App } = await import('./App');
    const user = userEvent.setup({ delay: null });

    answers.set('Me', unauthenticated);
    render(<App />);
    await screen.findByRole('button', { name: 'Sign in' });
    expect(currentUrl()).toBe('/login?next=%2Fincoming-webhooks%2Fwh-1%2Flogs');

    answers.set('Login', () => ({ data: { login: { __typename: 'Viewer', role: 'ADMIN' } } }));
    answers.set('Me', () => ({ data: { me: viewer } }));
    answers.set('WebhookHeader', () => ({ data: { webhook: null } }));
    answers.set('WebhookLogs', () => ({ data: { webhook: null } }));
    await fill(user, getInput('Email'), 'admin@acme.test');
    await fill(user, getInput('Password'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await screen.findByText('Webhook not found');
    expect(currentUrl()).toBe('/incoming-webhooks/wh-1/logs');
    expect(screen.getByText('admin@acme.test')).toBeTruthy();

    // The session expires: the next operation is refused and the admin is asked to sign in again.
    answers.set('Customers', unauthenticated);
    await user.click(screen.getByRole('link', { name: 'Customers' }));
    await waitFor(() => expect(currentUrl()).toBe('/login?next=%2Fcustomers'));
    expect(requested).toContain('Customers');

    // The cache is configured for every type the console reads: graphcache warned about nothing.
    expect(warn).not.toHaveBeenCalled();
  });
});
