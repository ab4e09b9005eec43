import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { parseJsonText, type JsonObject } from '@intake/rules';
import { useMemo, useState } from 'react';
import type { FieldErrors } from '../../lib/graphql-errors';
import { prettyJson } from '../../lib/json-text';
import { useStableCallback } from '../../lib/stable';
import { JsonEditor } from '../JsonEditor/JsonEditor';
import { useExpressionModule } from './expression-module';
import { buildPreviewSample, PREVIEW_HEADERS } from './expression-preview';
import {
  emptyMapping,
  requiredUnmapped,
  withCustomerAttribute,
  type EventAttributeInfo,
  type MappingDraft,
} from './mapping-model';
import { MappingRow } from './MappingRow';

export interface MappingEditorProps {
  value: MappingDraft[];
  onChange: (rows: MappingDraft[]) => void;
  /** The chosen action's attributes; undefined while no action is chosen. */
  attributes: readonly EventAttributeInfo[] | undefined;
  /** Field errors keyed by input path (`mapping[1].to`). */
  errors?: FieldErrors;
  disabled?: boolean;
}

/**
 * The mapping rows of a webhook. "To" suggests the action's attributes, and attributes the event requires but no
 * row writes yet are listed above the rows, each with a button that adds the row for it. Rows with an expression
 * preview its result against a sample body, shown below the rows (built from the rows until the admin edits it;
 * not saved).
 */
export function MappingEditor({ value, onChange, attributes, errors = {}, disabled }: MappingEditorProps) {
  const known = useMemo(() => (attributes ? withCustomerAttribute(attributes) : []), [attributes]);
  const missing = attributes ? requiredUnmapped(attributes, value) : [];
  const hasExpressions = value.some((row) => row.expression !== null);
  const expressionModule = useExpressionModule(hasExpressions);
  const [editedSample, setEditedSample] = useState<string | null>(null);
  const sampleText = editedSample ?? (hasExpressions ? prettyJson(buildPreviewSample(value, known)) : '');
  const sample = useMemo((): JsonObject | null => {
    const parsed = parseJsonText(sampleText);
    return parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)
      ? parsed.value
      : null;
  }, [sampleText]);

  // Stable across renders, so that the memoised rows not typed into skip rendering.
  const update = useStableCallback((index: number, row: MappingDraft) =>
    onChange(value.map((r, at) => (at === index ? row : r))),
  );
  const remove = useStableCallback((index: number) => onChange(value.filter((_, at) => at !== index)));
  const add = (to = '') => onChange([...value, emptyMapping(to)]);

  return (
    <Stack gap="sm">
      {missing.length > 0 && (
        <Alert
          color="orange"
          title="Required attributes not mapped yet"
          aria-label="Required attributes not mapped yet"
        >
          <Text size="sm" mb="xs">
            The event is refused unless these are mapped (or get a default):
          </Text>
          <Group gap="xs">
            {missing.map((attribute) => (
              <Button
                key={attribute.path}
                size="compact-sm"
                variant="light"
                color="orange"
                onClick={() => add(attribute.path)}
                disabled={disabled}
                ff="monospace"
              >
                Map {attribute.path}
              </Button>
            ))}
          </Group>
        </Alert>
      )}
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          No mapping yet: each row copies one attribute of the request body into the event.
        </Text>
      )}
      {value.map((row, index) => (
        <MappingRow
          key={row.key}
          index={index}
          row={row}
          attributes={known}
          errors={errors}
          onChange={update}
          onRemove={remove}
          disabled={disabled}
          // Only rows with an expression preview it: the others skip rendering when the sample changes.
          sample={row.expression !== null ? sample : null}
          expressionModule={expressionModule}
        />
      ))}
      {hasExpressions && (
        <JsonEditor
          label="Sample body for previews"
          description={`Expressions are previewed against this body (it is not saved); $headers is ${JSON.stringify(PREVIEW_HEADERS)}.`}
          value={sampleText}
          onChange={setEditedSample}
          minRows={2}
          maxRows={10}
        />
      )}
      {!disabled && (
        <Group>
          <Button variant="light" onClick={() => add()}>
            Add mapping
          </Button>
        </Group>
      )}
    </Stack>
  );
}
