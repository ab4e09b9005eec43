import { Group, Select, TagsInput, Text, TextInput } from '@mantine/core';
import { TypedValueInput } from '../TypedValueInput/TypedValueInput';
import { shapeOf, type ConditionDraft, type ListItemType } from './filter-model';

interface ConditionValueInputProps {
  /** e.g. "Condition 2": inputs are named "<label> value" and "<label> value type". */
  label: string;
  condition: ConditionDraft;
  onChange: (condition: ConditionDraft) => void;
  error?: string;
  disabled?: boolean;
}

const LIST_TYPES: { value: ListItemType; label: string }[] = [
  { value: 'string', label: 'Texts' },
  { value: 'number', label: 'Numbers' },
];

/** The value input an operator needs: none, a list of tags, a number, a pattern, text, or a typed value. */
export function ConditionValueInput({ label, condition, onChange, error, disabled }: ConditionValueInputProps) {
  const valueLabel = `${label} value`;
  const setText = (text: string) => onChange({ ...condition, value: { ...condition.value, text } });

  switch (shapeOf(condition.operator)) {
    case 'none':
      return (
        <Text size="sm" c="dimmed" py={6}>
          No value needed
        </Text>
      );
    case 'list':
      return (
        <Group gap={4} wrap="nowrap" align="flex-start" style={{ flex: 1 }}>
          <Select
            aria-label={`${valueLabel} type`}
            data={LIST_TYPES}
            value={condition.listType}
            onChange={(listType) => listType && onChange({ ...condition, listType: listType as ListItemType })}
            allowDeselect={false}
            w={110}
            disabled={disabled}
          />
          <TagsInput
            aria-label={valueLabel}
            placeholder="Type a value, press Enter"
            value={condition.list}
            onChange={(list) => onChange({ ...condition, list })}
            error={error}
            disabled={disabled}
            clearable
            style={{ flex: 1 }}
            miw={160}
          />
        </Group>
      );
    case 'number':
      return (
        <TextInput
          aria-label={valueLabel}
          inputMode="decimal"
          placeholder="0"
          value={condition.value.text}
          onChange={(event) => setText(event.currentTarget.value)}
          error={error}
          disabled={disabled}
          style={{ flex: 1 }}
        />
      );
    case 'regex':
    case 'text':
      return (
        <TextInput
          aria-label={valueLabel}
          placeholder={shapeOf(condition.operator) === 'regex' ? '^VIP-[0-9]+$' : 'text'}
          value={condition.value.text}
          onChange={(event) => setText(event.currentTarget.value)}
          error={error}
          disabled={disabled}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          style={{ flex: 1 }}
        />
      );
    case 'typed':
      return (
        <div style={{ flex: 1 }}>
          <TypedValueInput
            label={valueLabel}
            value={condition.value}
            onChange={(value) => onChange({ ...condition, value })}
            error={error}
            disabled={disabled}
          />
        </div>
      );
  }
}
