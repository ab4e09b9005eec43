import {
  HMAC_ALGORITHMS,
  SIGNATURE_ENCODINGS,
  TOLERANCE_LIMITS,
  VERIFICATION_DEFAULTS,
  VERIFICATION_SCHEMES,
  type HmacAlgorithm,
  type SignatureEncoding,
  type VerificationScheme,
} from '@intake/rules';
import { Alert, Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { memo, type ReactNode } from 'react';
import { UNVERIFIED_WARNING, UnverifiedBadge } from '../../../../components/Badges';
import type { FieldErrors } from '../../../../lib/graphql-errors';
import { SCHEME_DESCRIPTIONS, SCHEME_LABELS } from '../../verification-schemes';
import type { VerificationDraft } from '../verification-model';
import { EditorSection, type SectionToggle } from './EditorSection';

const SCHEME_OPTIONS = VERIFICATION_SCHEMES.map((scheme) => ({ value: scheme, label: SCHEME_LABELS[scheme] }));
const ENCODING_LABELS: Record<SignatureEncoding, string> = { HEX: 'Hex', BASE64: 'Base64', BASE64URL: 'Base64url' };
const ENCODING_OPTIONS = SIGNATURE_ENCODINGS.map((encoding) => ({ value: encoding, label: ENCODING_LABELS[encoding] }));
const TOLERANCE_SCHEMES: ReadonlySet<VerificationScheme> = new Set(['STANDARD_WEBHOOKS', 'STRIPE', 'SLACK']);
const MONOSPACE = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

/** The id of the section, so that the activation notice can lead to it. */
export const AUTHENTICATION_SECTION_ID = 'authentication';

interface AuthenticationSectionProps {
  value: VerificationDraft;
  onChange: (value: VerificationDraft) => void;
  /** Errors by input path (`verification.header`). */
  errors: FieldErrors;
  disabled?: boolean;
  /** The saved webhook's secrets with their actions, or a note for a webhook not created yet. */
  secrets?: ReactNode;
  section?: SectionToggle;
}

/**
 * How a request proves it comes from the sender: the scheme (each described in words) and the options it reads.
 * The secrets are not part of the draft: they are listed below and change at once.
 */
export const AuthenticationSection = memo(function AuthenticationSection({
  value,
  onChange,
  errors,
  disabled,
  secrets,
  section,
}: AuthenticationSectionProps) {
  const set = <K extends keyof VerificationDraft>(field: K, next: VerificationDraft[K]) =>
    onChange({ ...value, [field]: next });
  const error = (option: string) => errors[`verification.${option}`];
  const toleranceInput = (description: string) => (
    <NumberInput
      label="Tolerance (seconds)"
      description={description}
      placeholder={String(VERIFICATION_DEFAULTS.toleranceSeconds)}
      min={TOLERANCE_LIMITS.min}
      max={TOLERANCE_LIMITS.max}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="none"
      value={value.toleranceSeconds}
      onChange={(next) => set('toleranceSeconds', typeof next === 'number' ? next : '')}
      error={error('toleranceSeconds')}
      disabled={disabled}
      w={220}
    />
  );

  return (
    <EditorSection
      id={AUTHENTICATION_SECTION_ID}
      title="Authentication"
      description="How a request proves that it comes from your sender. Requests that fail are refused (401) and logged."
      badge={value.scheme === 'NONE' && <UnverifiedBadge />}
      {...section}
      summary={SCHEME_LABELS[value.scheme]}
    >
      <Select
        label="Scheme"
        description={SCHEME_DESCRIPTIONS[value.scheme]}
        data={SCHEME_OPTIONS}
        value={value.scheme}
        onChange={(scheme) => scheme && set('scheme', scheme as VerificationScheme)}
        allowDeselect={false}
        error={error('scheme')}
        disabled={disabled}
        maw={640}
      />
      {value.scheme === 'NONE' && (
        <Alert color="orange" variant="light" title={UNVERIFIED_WARNING}>
          Anyone who learns this webhook&apos;s URL can register events with it. Choose the scheme your sender uses if
          it signs its requests or can send a secret.
        </Alert>
      )}
      {TOLERANCE_SCHEMES.has(value.scheme) &&
        toleranceInput(
          value.scheme === 'STRIPE'
            ? `How old an event may be; ${TOLERANCE_LIMITS.min} to ${TOLERANCE_LIMITS.max}.`
            : `How far the timestamp may be from now, either way; ${TOLERANCE_LIMITS.min} to ${TOLERANCE_LIMITS.max}.`,
        )}
      {value.scheme === 'HMAC' && (
        <Stack gap="sm">
          <Group align="flex-start" gap="md" wrap="wrap">
            <TextInput
              label="Signature header"
              description="The header that carries the signature"
              placeholder="x-signature"
              required
              value={value.signatureHeader}
              onChange={(event) => set('signatureHeader', event.currentTarget.value)}
              error={error('header')}
              disabled={disabled}
              w={260}
              styles={MONOSPACE}
            />
            <Select
              label="Algorithm"
              data={HMAC_ALGORITHMS}
              value={value.algorithm}
              onChange={(algorithm) => algorithm && set('algorithm', algorithm as HmacAlgorithm)}
              allowDeselect={false}
              error={error('algorithm')}
              disabled={disabled}
              w={140}
            />
            <Select
              label="Encoding"
              data={ENCODING_OPTIONS}
              value={value.encoding}
              onChange={(encoding) => encoding && set('encoding', encoding as SignatureEncoding)}
              allowDeselect={false}
              error={error('encoding')}
              disabled={disabled}
              w={140}
            />
            <TextInput
              label="Prefix"
              description='Text before the signature, e.g. "sha256="'
              value={value.prefix}
              onChange={(event) => set('prefix', event.currentTarget.value)}
              error={error('prefix')}
              disabled={disabled}
              w={220}
              styles={MONOSPACE}
            />
          </Group>
          <Group align="flex-start" gap="md" wrap="wrap">
            <TextInput
              label="Timestamp header"
              description='Optional: then "timestamp.body" is signed'
              placeholder="x-timestamp"
              value={value.timestampHeader}
              onChange={(event) => set('timestampHeader', event.currentTarget.value)}
              error={error('timestampHeader')}
              disabled={disabled}
              w={260}
              styles={MONOSPACE}
            />
            {value.timestampHeader.trim() !== '' &&
              toleranceInput(
                `How far the timestamp may be from now, either way; ${TOLERANCE_LIMITS.min} to ${TOLERANCE_LIMITS.max}.`,
              )}
          </Group>
        </Stack>
      )}
      {value.scheme === 'BASIC_AUTH' && (
        <TextInput
          label="Username"
          description="The password is the webhook's secret."
          required
          value={value.username}
          onChange={(event) => set('username', event.currentTarget.value)}
          error={error('username')}
          disabled={disabled}
          w={320}
        />
      )}
      {value.scheme === 'API_KEY' && (
        <TextInput
          label="Key header"
          description='"authorization" means Authorization: Bearer <secret>.'
          placeholder={VERIFICATION_DEFAULTS.apiKeyHeader}
          value={value.keyHeader}
          onChange={(event) => set('keyHeader', event.currentTarget.value)}
          error={error('header')}
          disabled={disabled}
          w={320}
          styles={MONOSPACE}
        />
      )}
      {secrets}
    </EditorSection>
  );
});
