import { memo } from 'react';
import { IDEMPOTENCY_WINDOW_HOURS, defaultIdempotencyKey, type VerificationScheme } from '@intake/rules';
import { Button, Group, NumberInput, Switch, Text, TextInput } from '@mantine/core';
import type { FieldErrors } from '../../../../lib/graphql-errors';
import { SCHEME_LABELS } from '../../verification-schemes';
import { switchIdempotency, type IdempotencyDraft } from '../verification-model';
import { EditorSection, type SectionToggle } from './EditorSection';

interface IdempotencySectionProps {
  value: IdempotencyDraft;
  onChange: (value: IdempotencyDraft) => void;
  /** The scheme chosen in the Authentication section: its sender's delivery id is offered as the key. */
  scheme: VerificationScheme;
  /** Errors by input path (`idempotency.key`). */
  errors: FieldErrors;
  disabled?: boolean;
  section?: SectionToggle;
}

/**
 * Exactly-once processing: a delivery id the webhook has already processed within the window registers nothing
 * again, and the sender gets the original answer. The scheme's own delivery id is offered as the key.
 */
export const IdempotencySection = memo(function IdempotencySection({
  value,
  onChange,
  scheme,
  errors,
  disabled,
  section,
}: IdempotencySectionProps) {
  const suggested = defaultIdempotencyKey(scheme);
  const { max, min, default: defaultWindow } = IDEMPOTENCY_WINDOW_HOURS;
  return (
    <EditorSection
      title="Idempotency"
      {...section}
      summary={
        value.enabled
          ? `Each delivery once, by ${value.key.trim() || '(no delivery id yet)'}, remembered ${value.windowHours === '' ? defaultWindow : value.windowHours} h`
          : 'Off: every delivery is processed'
      }
      description="Senders retry after a timeout or an error. With idempotency, a delivery already processed registers nothing again: the sender gets the original answer."
    >
      <Switch
        label="Process each delivery once"
        checked={value.enabled}
        onChange={(event) => onChange(switchIdempotency(value, event.currentTarget.checked, scheme))}
        disabled={disabled}
      />
      {!value.enabled && suggested && (
        <Text size="sm" c="dimmed">
          {SCHEME_LABELS[scheme]} sends a delivery id in <code>{suggested}</code>: switch this on to use it.
        </Text>
      )}
      {value.enabled && (
        <Group align="flex-start" gap="md" wrap="wrap">
          <TextInput
            label="Delivery id"
            description="Where the sender puts it: headers.<name> or body.<path>"
            placeholder={suggested ?? 'headers.webhook-id'}
            required
            value={value.key}
            onChange={(event) => onChange({ ...value, key: event.currentTarget.value })}
            error={errors['idempotency.key']}
            disabled={disabled}
            w={320}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <NumberInput
            label="Window (hours)"
            description={`How long it is remembered; ${min} to ${max} (${max / 24} days)`}
            placeholder={String(defaultWindow)}
            min={min}
            max={max}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            value={value.windowHours}
            onChange={(next) => onChange({ ...value, windowHours: typeof next === 'number' ? next : '' })}
            error={errors['idempotency.windowHours']}
            disabled={disabled}
            w={260}
          />
        </Group>
      )}
      {value.enabled && suggested && value.key.trim() !== suggested && !disabled && (
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {SCHEME_LABELS[scheme]} puts its delivery id in <code>{suggested}</code>.
          </Text>
          <Button size="compact-sm" variant="light" onClick={() => onChange({ ...value, key: suggested })}>
            Use {suggested}
          </Button>
        </Group>
      )}
    </EditorSection>
  );
});
