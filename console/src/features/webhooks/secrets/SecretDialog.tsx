import { ROTATION_GRACE_SECONDS, secretValueProblem, type VerificationScheme } from '@intake/rules';
import { Alert, Button, Code, CopyButton, Group, Modal, NumberInput, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type KeyboardEvent } from 'react';
import { useMutation } from 'urql';
import { describeError, fieldErrorsOf, toFieldErrors, type FieldErrors } from '../../../lib/graphql-errors';
import { formatDateTime } from '../../../lib/format';
import { SCHEME_LABELS } from '../verification-schemes';
import { AddWebhookSecretMutation } from './secret-operations';

const HOUR_SECONDS = 3600;
/** The arguments of addWebhookSecret the dialog has inputs for. */
const DIALOG_FIELDS = ['secret', 'expirePreviousInSeconds'] as const;
const MAX_GRACE_HOURS = ROTATION_GRACE_SECONDS.max / HOUR_SECONDS;
export const DEFAULT_GRACE_HOURS = ROTATION_GRACE_SECONDS.default / HOUR_SECONDS;

/** Why the grace period typed cannot be used, in the dialog's unit (hours), or null. */
export function graceHoursProblem(hours: number | ''): string | null {
  if (hours === '') return 'Say how long the older secrets stay valid: 0 stops them at once.';
  if (!Number.isInteger(hours) || hours < 0 || hours > MAX_GRACE_HOURS) {
    return `Give a whole number of hours from 0 (at once) to ${MAX_GRACE_HOURS} (90 days).`;
  }
  return null;
}

interface SecretDialogProps {
  opened: boolean;
  onClose: () => void;
  webhookId: string;
  /** The saved scheme: the server checks a given value, and generates one, for it. */
  scheme: VerificationScheme;
  /** Rotating replaces live secrets, which then stay valid for a grace period; adding is for a webhook without any. */
  rotating: boolean;
}

/**
 * "Add secret" and "Rotate secret": the admin may give the value or let the server generate one; either way the
 * value is shown once, with Copy, and never again. Its state lives in the modal's content, so closing the dialog
 * forgets the value.
 */
export function SecretDialog({ opened, onClose, ...props }: SecretDialogProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={props.rotating ? 'Rotate secret' : 'Add secret'}
      centered
      size="lg"
      // A click beside the dialog must not lose a value that is shown only once.
      closeOnClickOutside={false}
    >
      <SecretForm onClose={onClose} {...props} />
    </Modal>
  );
}

interface Created {
  secret: string;
  /** When the older secrets stop verifying; null when they stopped at once (or there were none). */
  previousUntil: Date | null;
}

function SecretForm({ onClose, webhookId, scheme, rotating }: Omit<SecretDialogProps, 'opened'>) {
  const [value, setValue] = useState('');
  const [hours, setHours] = useState<number | ''>(DEFAULT_GRACE_HOURS);
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [generalError, setGeneralError] = useState<string>();
  const [created, setCreated] = useState<Created>();
  const [{ fetching }, addSecret] = useMutation(AddWebhookSecretMutation);

  const valueProblem = value === '' ? null : secretValueProblem(scheme, value);
  const hoursProblem = rotating ? graceHoursProblem(hours) : null;
  const valueError = serverErrors.secret ?? (attempted ? valueProblem : null) ?? undefined;
  const hoursError = serverErrors.expirePreviousInSeconds ?? (attempted ? hoursProblem : null) ?? undefined;

  async function submit() {
    setAttempted(true);
    setServerErrors({});
    setGeneralError(undefined);
    if (valueProblem || hoursProblem) return;
    const graceSeconds = rotating && hours !== '' ? hours * HOUR_SECONDS : undefined;
    const result = await addSecret({
      id: webhookId,
      secret: value === '' ? undefined : value,
      expirePreviousInSeconds: graceSeconds,
    });
    const added = result.data?.addWebhookSecret;
    if (result.error || !added) {
      // The dialog's own inputs show their errors; anything else (a scheme changed meanwhile, a role) goes above.
      const byField = toFieldErrors(fieldErrorsOf(result.error));
      const atInputs: FieldErrors = {};
      for (const field of DIALOG_FIELDS) if (byField[field]) atInputs[field] = byField[field];
      setServerErrors(atInputs);
      if (Object.keys(atInputs).length === 0) {
        setGeneralError(result.error ? describeError(result.error) : 'The server did not return the new secret.');
      }
      return;
    }
    setValue('');
    setCreated({
      secret: added.secret,
      previousUntil: graceSeconds ? new Date(Date.now() + graceSeconds * 1000) : null,
    });
  }

  function submitOnEnter(event: KeyboardEvent) {
    if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement) || fetching) return;
    event.preventDefault();
    void submit();
  }

  if (created) {
    return (
      <Stack gap="md">
        <Alert color="yellow" title="Copy the secret now" role="alert">
          This is the only time it is shown: afterwards you see only its last 4 characters. Give it to the sender now;
          requests are verified with it from now on.
        </Alert>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code
            block
            data-testid="new-secret-value"
            aria-label="New secret"
            style={{ flex: 1, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          >
            {created.secret}
          </Code>
          <CopyButton value={created.secret} timeout={2000}>
            {({ copied, copy }) => (
              <Button variant="light" color={copied ? 'teal' : undefined} onClick={copy} style={{ flexShrink: 0 }}>
                {copied ? 'Copied' : 'Copy secret'}
              </Button>
            )}
          </CopyButton>
        </Group>
        {rotating && (
          <Text size="sm">
            {created.previousUntil
              ? `The older secrets stay valid until ${formatDateTime(created.previousUntil.toISOString())}: give the sender the new one before then.`
              : 'The older secrets stopped working at once.'}
          </Text>
        )}
        <Group justify="flex-end">
          <Button onClick={onClose}>Done</Button>
        </Group>
      </Stack>
    );
  }

  return (
    // Not a <form>: the dialog opens from inside the editor's form (the secrets list is part of the Authentication
    // section), and a form in a form is invalid HTML whose Enter key would save the editor. Enter is handled here.
    <Stack gap="md" onKeyDown={submitOnEnter}>
      {rotating && (
        <Text size="sm">
          A new secret replaces the current ones. The current ones keep verifying for a while, so the sender can switch
          to the new one without a request being refused.
        </Text>
      )}
      <PasswordInput
        label="Your own value (optional)"
        description={`Leave empty to generate a strong secret in the form ${SCHEME_LABELS[scheme]} expects. Give a value only when the sender issued one.`}
        value={value}
        onChange={(event) => {
          setValue(event.currentTarget.value);
          setServerErrors(({ secret: _outdated, ...rest }) => rest);
        }}
        error={valueError}
        autoComplete="off"
      />
      {rotating && (
        <NumberInput
          label="Older secrets stay valid for (hours)"
          description={`0 = they stop at once; at most ${MAX_GRACE_HOURS} (90 days).`}
          min={0}
          max={MAX_GRACE_HOURS}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          value={hours}
          onChange={(next) => {
            setHours(typeof next === 'number' ? next : '');
            setServerErrors(({ expirePreviousInSeconds: _outdated, ...rest }) => rest);
          }}
          error={hoursError}
          w={280}
        />
      )}
      {generalError && (
        <Alert color="red" title="The secret was not added" role="alert">
          {generalError}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} disabled={fetching}>
          Cancel
        </Button>
        <Button onClick={() => void submit()} loading={fetching}>
          {value === '' ? 'Generate secret' : 'Use this secret'}
        </Button>
      </Group>
    </Stack>
  );
}
