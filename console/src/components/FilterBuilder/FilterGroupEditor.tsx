import { memo } from 'react';
import { Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import type { FilterJoin } from '../../gql/graphql';
import type { FieldErrors } from '../../lib/graphql-errors';
import { useStableCallback } from '../../lib/stable';
import { ConditionRow } from './ConditionRow';
import { MAX_FILTER_DEPTH, emptyCondition, newGroup, type ConditionDraft, type FilterGroupDraft } from './filter-model';

// The join control measures itself to draw its indicator: rendered only when the join changes, not per keystroke.
const MemoSegmentedControl = memo(SegmentedControl) as unknown as typeof SegmentedControl;

const JOIN_OPTIONS: { value: FilterJoin; label: string }[] = [
  { value: 'AND', label: 'All (AND)' },
  { value: 'OR', label: 'Any (OR)' },
];

interface FilterGroupEditorProps {
  group: FilterGroupDraft;
  onChange: (group: FilterGroupDraft) => void;
  /** Present for nested groups only: the root group cannot be removed. */
  onRemove?: () => void;
  /** The server's input path of this group: `filter`, `filter.groups[0]`, … */
  path: string;
  /** 1-based positions from the root, e.g. [2, 1] for "Group 2.1"; empty for the root. */
  position: number[];
  errors: FieldErrors;
  disabled?: boolean;
}

function groupLabel(position: number[]): string {
  return position.length === 0 ? 'Filter' : `Group ${position.join('.')}`;
}

function conditionLabel(position: number[], index: number): string {
  const condition = `condition ${index + 1}`;
  return position.length === 0 ? `Condition ${index + 1}` : `${groupLabel(position)}, ${condition}`;
}

function replaceAt<T>(items: T[], index: number, item: T): T[] {
  return items.map((existing, at) => (at === index ? item : existing));
}

function removeAt<T>(items: T[], index: number): T[] {
  return items.filter((_, at) => at !== index);
}

/** A group of conditions and nested groups joined by AND or OR; renders itself for each nested group. */
export function FilterGroupEditor({
  group,
  onChange,
  onRemove,
  path,
  position,
  errors,
  disabled,
}: FilterGroupEditorProps) {
  const isRoot = position.length === 0;
  const label = groupLabel(position);
  const depth = position.length + 1;
  const hasContent = group.conditions.length + group.groups.length > 0;
  // The root's buttons keep their plain names; nested ones say which group they add to.
  const addSuffix = isRoot ? undefined : ` to ${label.toLowerCase()}`;

  const setConditions = (conditions: ConditionDraft[]) => onChange({ ...group, conditions });
  // Stable across renders, so that the memoised rows not typed into skip rendering.
  const setCondition = useStableCallback((index: number, next: ConditionDraft) =>
    setConditions(replaceAt(group.conditions, index, next)),
  );
  const removeCondition = useStableCallback((index: number) => setConditions(removeAt(group.conditions, index)));
  const setGroups = (groups: FilterGroupDraft[]) => onChange({ ...group, groups });
  const setJoin = useStableCallback((join: string) => onChange({ ...group, join: join as FilterJoin }));

  return (
    <Paper
      component="fieldset"
      withBorder={!isRoot}
      p={isRoot ? 0 : 'sm'}
      m={0}
      style={{ border: isRoot ? 'none' : undefined, minWidth: 0 }}
      aria-label={label}
    >
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          {hasContent && (
            <Group gap="xs">
              <Text size="sm">Match</Text>
              <MemoSegmentedControl
                size="xs"
                aria-label={`${label} join`}
                data={JOIN_OPTIONS}
                value={group.join}
                onChange={setJoin}
                disabled={disabled}
              />
              <Text size="sm">of the following</Text>
            </Group>
          )}
          {onRemove && !disabled && (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={onRemove}
              aria-label={`Remove ${label.toLowerCase()}`}
            >
              Remove group
            </Button>
          )}
        </Group>

        {errors[path] && (
          <Text c="red" size="xs" role="alert">
            {errors[path]}
          </Text>
        )}

        {group.conditions.map((condition, index) => (
          <ConditionRow
            key={condition.key}
            label={conditionLabel(position, index)}
            path={`${path}.conditions[${index}]`}
            index={index}
            condition={condition}
            errors={errors}
            onChange={setCondition}
            onRemove={removeCondition}
            disabled={disabled}
          />
        ))}

        {group.groups.map((child, index) => (
          <FilterGroupEditor
            key={child.key}
            group={child}
            path={`${path}.groups[${index}]`}
            position={[...position, index + 1]}
            errors={errors}
            onChange={(next) => setGroups(replaceAt(group.groups, index, next))}
            onRemove={() => setGroups(removeAt(group.groups, index))}
            disabled={disabled}
          />
        ))}

        {!disabled && (
          <Group gap="xs">
            <Button
              size="xs"
              variant="light"
              onClick={() => setConditions([...group.conditions, emptyCondition()])}
              aria-label={addSuffix && `Add condition${addSuffix}`}
            >
              Add condition
            </Button>
            {depth < MAX_FILTER_DEPTH && (
              <Button
                size="xs"
                variant="light"
                onClick={() => setGroups([...group.groups, newGroup()])}
                aria-label={addSuffix && `Add group${addSuffix}`}
              >
                Add group
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
