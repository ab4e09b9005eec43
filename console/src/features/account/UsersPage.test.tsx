import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockClient, variablesSent, type MockResolver } from '../../test/mock-client';
import { fill, getInput } from '../../test/queries';
import { ADMIN_VIEWER, renderWithProviders } from '../../test/render';
import UsersPage from './UsersPage';

const user = (id: string, email: string, role: 'ADMIN' | 'READER') => ({
  __typename: 'AdminUser',
  id,
  email,
  role,
  createdAt: '2026-01-02T10:00:00Z',
});

const USERS = [
  user(ADMIN_VIEWER.user!.id, ADMIN_VIEWER.user!.email, 'ADMIN'),
  user('user-2', 'bo@acme.test', 'READER'),
];

function renderPage(resolvers: Record<string, MockResolver> = {}) {
  const client = mockClient({ Users: () => ({ data: { users: USERS } }), ...resolvers });
  renderWithProviders(<UsersPage />, { client });
  return { client, events: userEvent.setup({ delay: null }) };
}

describe('Users', () => {
  it('lists the users; the signed-in one is "You", without a role to change or a Remove button', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'Users' });
    const [self, other] = within(table).getAllByRole('row').slice(1) as [HTMLElement, HTMLElement];
    expect(self.textContent).toMatch(/^admin@acme\.testYouAdmin/);
    expect(within(self).queryByRole('button')).toBeNull();
    expect(within(self).queryByRole('combobox')).toBeNull();
    expect((within(other).getByRole('combobox', { name: 'Role of bo@acme.test' }) as HTMLSelectElement).value).toBe(
      'READER',
    );
    expect(within(other).getByRole('button', { name: 'Remove bo@acme.test' })).toBeTruthy();
  });

  it('invites a user with an email and a role, then shows the generated password once', async () => {
    const { client, events } = renderPage({
      CreateUser: ({ email, role }) => ({
        data: {
          createUser: { password: 'generated-password-123', user: user('user-9', String(email), role as 'ADMIN') },
        },
      }),
    });
    await events.click(await screen.findByRole('button', { name: 'Invite user' }));
    const dialog = screen.getByRole('dialog', { name: 'Invite user' });
    await fill(events, getInput('Email', dialog), ' cy@acme.test ');
    await events.click(within(dialog).getByRole('radio', { name: 'Admin' }));
    await events.click(within(dialog).getByRole('button', { name: 'Invite user' }));
    expect(variablesSent(client.executeMutation, 'CreateUser')).toEqual([{ email: 'cy@acme.test', role: 'ADMIN' }]);

    expect((await within(dialog).findByTestId('shown-once-value')).textContent).toBe('generated-password-123');
    expect(within(dialog).getByRole('button', { name: 'Copy password' })).toBeTruthy();
    expect(within(dialog).getByText(/cy@acme\.test signs in with this password/)).toBeTruthy();
  });

  it('shows a taken email at the Email field', async () => {
    const { events } = renderPage({
      CreateUser: () => ({
        errors: [
          {
            message: 'A user with email bo@acme.test already exists.',
            extensions: { code: 'CONFLICT', field: 'email' },
          },
        ],
      }),
    });
    await events.click(await screen.findByRole('button', { name: 'Invite user' }));
    const dialog = screen.getByRole('dialog', { name: 'Invite user' });
    await fill(events, getInput('Email', dialog), 'bo@acme.test');
    await events.click(within(dialog).getByRole('button', { name: 'Invite user' }));
    expect(await within(dialog).findByText('A user with email bo@acme.test already exists.')).toBeTruthy();
  });

  it('changes a role at once and removes a user after a confirmation that starts on Cancel', async () => {
    const { client, events } = renderPage({
      ChangeUserRole: ({ id, role }) => ({
        data: { changeUserRole: user(String(id), 'bo@acme.test', role as 'ADMIN') },
      }),
      RemoveUser: ({ id }) => ({ data: { removeUser: { __typename: 'AdminUser', id } } }),
    });
    await events.selectOptions(await screen.findByRole('combobox', { name: 'Role of bo@acme.test' }), 'ADMIN');
    expect(variablesSent(client.executeMutation, 'ChangeUserRole')).toEqual([{ id: 'user-2', role: 'ADMIN' }]);

    await events.click(screen.getByRole('button', { name: 'Remove bo@acme.test' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove bo@acme.test?' });
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Cancel'));
    await events.click(within(dialog).getByRole('button', { name: 'Remove user' }));
    await waitFor(() => expect(variablesSent(client.executeMutation, 'RemoveUser')).toEqual([{ id: 'user-2' }]));
  });
});
