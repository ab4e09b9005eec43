import { Button, Group, Modal, Stack, Text, TextInput, type TextInputProps } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { CombinedError } from 'urql';
import type { Role } from '../../gql/graphql';
import { describeError, fieldErrorsOf, toFieldErrors } from '../../lib/graphql-errors';
import { RoleRadios } from './RoleRadios';
import { ShownOnce } from './ShownOnce';

/** What the server answered once: the secret, and what to say about it. */
export interface Created {
  secret: string;
  /** Who the secret is for and what to do with it. */
  note: ReactNode;
}

interface CreateWithSecretDialogProps {
  opened: boolean;
  onClose: () => void;
  title: string;
  submitLabel: string;
  /** The one text field (besides the role): the server's name for it, where its errors point, and its input. */
  field: {
    name: string;
    /** The message when it is left empty. */
    required: string;
    input: Pick<TextInputProps, 'label' | 'description' | 'type' | 'autoComplete' | 'maxLength'>;
  };
  /** What the secret is, for ShownOnce: "key", "password". */
  secretName: string;
  /** The create mutation's state. */
  mutation: { fetching: boolean; error?: CombinedError };
  /** Creates with the field's trimmed value and the role; answers what to show once, or nothing when it failed. */
  create: (value: string, role: Role) => Promise<Created | undefined>;
}

/**
 * Creates something with a role that comes with a secret the server answers once (an API key, a user's generated
 * password): a text field and the role; then the secret, shown once. Closing forgets both.
 */
export function CreateWithSecretDialog({
  opened,
  onClose,
  title,
  submitLabel,
  field,
  secretName,
  mutation: { fetching, error },
  create,
}: CreateWithSecretDialogProps) {
  const [value, setValue] = useState('');
  const [role, setRole] = useState<Role>('READER');
  const [created, setCreated] = useState<Created | null>(null);
  const [attempted, setAttempted] = useState(false);
  const fieldErrors = toFieldErrors(fieldErrorsOf(error));
  const valueError = (attempted && value.trim() === '' && field.required) || fieldErrors[field.name];

  function close() {
    // The secret is forgotten with the dialog: it cannot be shown again.
    setCreated(null);
    setValue('');
    setRole('READER');
    setAttempted(false);
    onClose();
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    if (value.trim() === '') return;
    const answer = await create(value.trim(), role);
    if (answer) setCreated(answer);
  }

  return (
    <Modal opened={opened} onClose={close} title={title} size="lg">
      {created ? (
        <ShownOnce what={secretName} value={created.secret} onDone={close}>
          {created.note}
        </ShownOnce>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <TextInput
              {...field.input}
              required
              value={value}
              onChange={(event) => setValue(event.currentTarget.value)}
              error={valueError}
              data-autofocus
            />
            <RoleRadios value={role} onChange={setRole} />
            {error && !fieldErrors[field.name] && (
              <Text c="red" size="sm" role="alert">
                {describeError(error)}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close} disabled={fetching}>
                Cancel
              </Button>
              <Button type="submit" loading={fetching}>
                {submitLabel}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
