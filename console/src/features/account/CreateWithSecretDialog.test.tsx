import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { CreateWithSecretDialog, type Created } from './CreateWithSecretDialog';

function renderDialog(create: (value: string, role: string) => Promise<Created | undefined>) {
  const onClose = vi.fn();
  renderWithProviders(
    <CreateWithSecretDialog
      opened
      onClose={onClose}
      title="Create thing"
      submitLabel="Create thing"
      field={{ name: 'name', required: 'Name it.', input: { label: 'Name' } }}
      secretName="token"
      mutation={{ fetching: false }}
      create={create}
    />,
  );
  return {
    onClose,
    user: userEvent.setup({ delay: null }),
    dialog: screen.getByRole('dialog', { name: 'Create thing' }),
  };
}

describe('CreateWithSecretDialog', () => {
  it('asks for the field before creating, then sends it trimmed with the role', async () => {
    const create = vi.fn(async () => undefined);
    const { user, dialog } = renderDialog(create);
    await user.click(within(dialog).getByRole('button', { name: 'Create thing' }));
    await within(dialog).findByText('Name it.');
    expect(create).not.toHaveBeenCalled();

    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), '  CRM  ');
    await user.click(within(dialog).getByRole('radio', { name: /Admin/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create thing' }));
    await waitFor(() => expect(create).toHaveBeenCalledWith('CRM', 'ADMIN'));
    // Nothing created: the form stays.
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toBeTruthy();
  });

  it('shows the secret once with its note; Done forgets it and the form starts over', async () => {
    const { user, dialog, onClose } = renderDialog(async () => ({ secret: 's3cret', note: <p>For the CRM.</p> }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'CRM');
    await user.click(within(dialog).getByRole('button', { name: 'Create thing' }));
    expect((await within(dialog).findByTestId('shown-once-value')).textContent).toBe('s3cret');
    expect(within(dialog).getByText('For the CRM.')).toBeTruthy();
    within(dialog).getByRole('button', { name: 'Copy token' });

    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalledOnce();
    expect(within(dialog).queryByText('s3cret')).toBeNull();
    expect((within(dialog).getByRole('textbox', { name: 'Name' }) as HTMLInputElement).value).toBe('');
    expect((within(dialog).getByRole('radio', { name: /Reader/ }) as HTMLInputElement).checked).toBe(true);
  });
});
