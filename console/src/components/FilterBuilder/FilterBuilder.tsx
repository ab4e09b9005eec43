import { Stack, Text } from '@mantine/core';
import type { FieldErrors } from '../../lib/graphql-errors';
import { FilterGroupEditor } from './FilterGroupEditor';
import { isEmptyFilter, type FilterGroupDraft } from './filter-model';

export interface FilterBuilderProps {
  value: FilterGroupDraft;
  onChange: (value: FilterGroupDraft) => void;
  /** Field errors keyed by input path (`filter.conditions[0].value`), from the server or from checks before saving. */
  errors?: FieldErrors;
  /** The input path of the root group. */
  path?: string;
  disabled?: boolean;
}

/**
 * Builds a webhook's filter: conditions on `headers.<name>` or `body.<path>`, joined by AND or OR, in groups
 * that nest. Convert the value with `toFilterGroupInput` to send it.
 */
export function FilterBuilder({ value, onChange, errors = {}, path = 'filter', disabled }: FilterBuilderProps) {
  return (
    <Stack gap="xs">
      {isEmptyFilter(value) && (
        <Text size="sm" c="dimmed">
          No filter: every request is accepted. A filter on a secret header or body value keeps others from using the
          endpoint.
        </Text>
      )}
      <FilterGroupEditor
        group={value}
        onChange={onChange}
        path={path}
        position={[]}
        errors={errors}
        disabled={disabled}
      />
    </Stack>
  );
}
