import { Group, Select, TextInput } from '@mantine/core';
import { VALUE_TYPE_OPTIONS, emptyTypedValue, type TypedValueDraft, type ValueType } from './typed-value';

interface TypedValueInputProps {
  /** Names both inputs for assistive technology: "<label>" and "<label> type". */
  label: string;
  value: TypedValueDraft;
  onChange: (value: TypedValueDraft) => void;
  error?: string;
  /** Types offered; e.g. a mapping default has no use for null. */
  types?: ValueType[];
  placeholder?: string;
  disabled?: boolean;
  /** Show the labels above the inputs instead of only to assistive technology. */
  withVisibleLabel?: boolean;
}

/** A JSON value typed by its kind: text, number, true/false, null or raw JSON. */
export function TypedValueInput({
  label,
  value,
  onChange,
  error,
  types,
  placeholder,
  disabled,
  withVisibleLabel = false,
}: TypedValueInputProps) {
  const typeOptions = types ? VALUE_TYPE_OPTIONS.filter((option) => types.includes(option.value)) : VALUE_TYPE_OPTIONS;

  function changeType(type: ValueType) {
    // Keep what was typed when it still makes sense for the new type (text ↔ number ↔ JSON).
    const keepsText = type !== 'boolean' && type !== 'null' && value.type !== 'boolean' && value.type !== 'null';
    onChange(keepsText ? { type, text: value.text } : emptyTypedValue(type));
  }

  const visibleLabel = withVisibleLabel ? label : undefined;
  const ariaLabel = withVisibleLabel ? undefined : label;

  return (
    <Group gap={4} wrap="nowrap" align="flex-start">
      <Select
        aria-label={`${label} type`}
        label={withVisibleLabel ? 'Type' : undefined}
        data={typeOptions}
        value={value.type}
        onChange={(type) => type && changeType(type as ValueType)}
        allowDeselect={false}
        w={110}
        disabled={disabled}
        comboboxProps={{ withinPortal: true }}
      />
      {value.type === 'boolean' && (
        <Select
          label={visibleLabel}
          aria-label={ariaLabel}
          data={['true', 'false']}
          value={value.text}
          onChange={(text) => text && onChange({ type: 'boolean', text })}
          allowDeselect={false}
          error={error}
          w={100}
          disabled={disabled}
        />
      )}
      {value.type === 'null' && (
        <TextInput label={visibleLabel} aria-label={ariaLabel} value="null" readOnly disabled error={error} w={100} />
      )}
      {(value.type === 'string' || value.type === 'number' || value.type === 'json') && (
        <TextInput
          label={visibleLabel}
          aria-label={ariaLabel}
          value={value.text}
          onChange={(event) => onChange({ type: value.type, text: event.currentTarget.value })}
          placeholder={placeholder ?? PLACEHOLDERS[value.type]}
          inputMode={value.type === 'number' ? 'decimal' : undefined}
          styles={value.type === 'json' ? MONOSPACE_INPUT : undefined}
          error={error}
          disabled={disabled}
          style={{ flex: 1 }}
          miw={120}
        />
      )}
    </Group>
  );
}

const MONOSPACE_INPUT = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

const PLACEHOLDERS: Record<'string' | 'number' | 'json', string> = {
  string: 'text',
  number: '0',
  json: '{"key": "value"}',
};
