import { Button, Group, Stack, Text } from '@mantine/core';
import type { FieldErrors } from '../../lib/graphql-errors';
import { TypedValueInput } from '../TypedValueInput/TypedValueInput';
import { emptyReplace, type ReplaceDraft } from './mapping-model';

interface ReplaceValuesEditorProps {
  rules: ReplaceDraft[];
  onChange: (rules: ReplaceDraft[]) => void;
  /** The row's input path, e.g. `mapping[1]`: rules are `mapping[1].replace[0].value`. */
  path: string;
  errors: FieldErrors;
  disabled?: boolean;
}

/** "Replace values": a value equal to the first becomes the second (text compares exactly, numbers numerically). */
export function ReplaceValuesEditor({ rules, onChange, path, errors, disabled }: ReplaceValuesEditorProps) {
  const update = (index: number, rule: ReplaceDraft) => onChange(rules.map((r, at) => (at === index ? rule : r)));
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Replace values
      </Text>
      {rules.length === 0 && (
        <Text size="xs" c="dimmed">
          None: values are written as received.
        </Text>
      )}
      {rules.map((rule, index) => (
        <Group
          key={rule.key}
          gap="xs"
          align="flex-start"
          wrap="wrap"
          role="group"
          aria-label={`Replace value ${index + 1}`}
        >
          <TypedValueInput
            label={`Replace value ${index + 1}`}
            value={rule.value}
            onChange={(value) => update(index, { ...rule, value })}
            error={errors[`${path}.replace[${index}].value`]}
            disabled={disabled}
          />
          <Text size="sm" py={6} aria-hidden>
            →
          </Text>
          <TypedValueInput
            label={`Replacement ${index + 1}`}
            value={rule.replacement}
            onChange={(replacement) => update(index, { ...rule, replacement })}
            error={errors[`${path}.replace[${index}].replacement`]}
            disabled={disabled}
          />
          {!disabled && (
            <Button
              variant="subtle"
              color="red"
              size="xs"
              mt={4}
              onClick={() => onChange(rules.filter((_, at) => at !== index))}
              aria-label={`Remove replace value ${index + 1}`}
            >
              Remove
            </Button>
          )}
        </Group>
      ))}
      {!disabled && (
        <Group>
          <Button size="compact-xs" variant="subtle" onClick={() => onChange([...rules, emptyReplace()])}>
            Add replace value
          </Button>
        </Group>
      )}
    </Stack>
  );
}
