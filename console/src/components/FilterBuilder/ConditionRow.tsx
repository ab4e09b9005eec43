import { Autocomplete, Button, Group, Select, Text } from '@mantine/core';
import { memo, useCallback } from 'react';
import { useStableCallback } from '../../lib/stable';
import type { FilterOperator } from '../../gql/graphql';
import type { FieldErrors } from '../../lib/graphql-errors';
import { ConditionValueInput } from './ConditionValueInput';
import { OPERATORS, type ConditionDraft } from './filter-model';

/** Typing starts from one of the two sources a filter can read. */
const ATTRIBUTE_PREFIXES = ['body.', 'headers.'];
const MONOSPACE = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };
const MemoAutocomplete = memo(Autocomplete) as unknown as typeof Autocomplete;
const MemoSelect = memo(Select) as unknown as typeof Select;
const OPERATOR_OPTIONS = OPERATORS.map(({ value, label }) => ({ value, label }));

interface ConditionRowProps {
  label: string;
  /** The server's input path of this condition, e.g. `filter.groups[0].conditions[1]`. */
  path: string;
  /** Its place in its group, passed back to `onChange` and `onRemove` so that one stable callback serves every row. */
  index: number;
  condition: ConditionDraft;
  errors: FieldErrors;
  onChange: (index: number, condition: ConditionDraft) => void;
  onRemove: (index: number) => void;
  disabled?: boolean;
}

/**
 * One line of the filter: attribute, operator and the value input the operator needs. Memoised: typing in one row
 * re-renders that row only.
 */
export const ConditionRow = memo(function ConditionRow({
  label,
  path,
  index,
  condition,
  errors,
  onChange: onChangeAt,
  onRemove,
  disabled,
}: ConditionRowProps) {
  const onChange = (next: ConditionDraft) => onChangeAt(index, next);
  // Stable: the attribute and operator inputs are memoised and skip rendering while the value is typed.
  const patch = useStableCallback((changes: Partial<ConditionDraft>) =>
    onChangeAt(index, { ...condition, ...changes }),
  );
  const setAttribute = useCallback((attribute: string) => patch({ attribute }), [patch]);
  const setOperator = useCallback(
    (operator: string | null) => operator && patch({ operator: operator as FilterOperator }),
    [patch],
  );
  const rowError = errors[path] ?? errors[`${path}.operator`];
  return (
    <div role="group" aria-label={label}>
      <Group gap="xs" align="flex-start" wrap="wrap">
        <MemoAutocomplete
          aria-label={`${label} attribute`}
          placeholder="body.pointadd"
          data={ATTRIBUTE_PREFIXES}
          value={condition.attribute}
          onChange={setAttribute}
          error={errors[`${path}.attribute`]}
          disabled={disabled}
          w={220}
          styles={MONOSPACE}
        />
        <MemoSelect
          aria-label={`${label} operator`}
          data={OPERATOR_OPTIONS}
          value={condition.operator}
          onChange={setOperator}
          allowDeselect={false}
          disabled={disabled}
          w={230}
        />
        <ConditionValueInput
          label={label}
          condition={condition}
          onChange={onChange}
          error={errors[`${path}.value`]}
          disabled={disabled}
        />
        {!disabled && (
          <Button
            variant="subtle"
            color="red"
            onClick={() => onRemove(index)}
            aria-label={`Remove ${label.toLowerCase()}`}
          >
            Remove
          </Button>
        )}
      </Group>
      {rowError && (
        <Text c="red" size="xs" mt={4} role="alert">
          {rowError}
        </Text>
      )}
    </div>
  );
});
