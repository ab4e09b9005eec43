import { Autocomplete, Badge, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import type { JsonObject } from '@intake/rules';
import { memo, useCallback, useMemo } from 'react';
import { useStableCallback } from '../../lib/stable';
import type { FieldErrors } from '../../lib/graphql-errors';
import { TypedValueInput } from '../TypedValueInput/TypedValueInput';
import type { ValueType } from '../TypedValueInput/typed-value';
import type { ExpressionModule } from './expression-module';
import { ExpressionField } from './ExpressionField';
import type { EventAttributeInfo, MappingDraft } from './mapping-model';
import { ReplaceValuesEditor } from './ReplaceValuesEditor';

interface MappingRowProps {
  index: number;
  row: MappingDraft;
  /** The event's attributes (with `customer`), suggested in To; empty when no action is chosen yet. */
  attributes: EventAttributeInfo[];
  errors: FieldErrors;
  /** Given the row's index back, so that one stable callback serves every row. */
  onChange: (index: number, row: MappingDraft) => void;
  onRemove: (index: number) => void;
  disabled?: boolean;
  /** The body expressions are previewed against; null while the sample is not valid JSON. */
  sample: JsonObject | null;
  /** The JSONata module, once loaded. */
  expressionModule: ExpressionModule | undefined;
}

function describeAttribute(attribute: EventAttributeInfo): string {
  const required = attribute.required ? 'required' : 'optional';
  return [attribute.type.toLowerCase().replace('_', ' '), required, attribute.description].filter(Boolean).join(' · ');
}

const DEFAULT_TYPES: ValueType[] = ['string', 'number', 'boolean', 'json'];
const MONOSPACE = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };
const MemoTypedValueInput = memo(TypedValueInput);
const MemoReplaceValuesEditor = memo(ReplaceValuesEditor);

interface ToInputProps {
  value: string;
  attributes: EventAttributeInfo[];
  error?: string;
  onChange: (to: string) => void;
  disabled?: boolean;
}

/** "To", suggesting the event's attributes (a combobox: the dearest input of a row, so rendered only when it changes). */
const ToInput = memo(function ToInput({ value, attributes, error, onChange, disabled }: ToInputProps) {
  const target = attributes.find((attribute) => attribute.path === value.trim());
  const data = useMemo(() => attributes.map((attribute) => attribute.path), [attributes]);
  return (
    <Autocomplete
      label="To"
      description={target ? describeAttribute(target) : 'customer or data.<attribute>'}
      placeholder="data.points"
      data={data}
      renderOption={({ option }) => {
        const attribute = attributes.find((candidate) => candidate.path === option.value);
        return (
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" ff="monospace">
              {option.value}
            </Text>
            {attribute?.required && (
              <Badge size="xs" color="orange" variant="light">
                required
              </Badge>
            )}
          </Group>
        );
      }}
      value={value}
      onChange={onChange}
      error={error}
      disabled={disabled}
      w={240}
      styles={MONOSPACE}
    />
  );
});

/**
 * One mapping: read `from` in the body (or compute the value with an expression, behind "ƒx"), write it to `to` in
 * the event, with a default and replacements. Memoised: typing in one row re-renders that row only.
 */
export const MappingRow = memo(function MappingRow({
  index,
  row,
  attributes,
  errors,
  onChange: onChangeAt,
  onRemove,
  disabled,
  sample,
  expressionModule,
}: MappingRowProps) {
  const onChange = (next: MappingDraft) => onChangeAt(index, next);
  // Stable: the To, Default and replacement inputs are memoised and skip rendering while another input is typed in.
  const patch = useStableCallback((changes: Partial<MappingDraft>) => onChangeAt(index, { ...row, ...changes }));
  const setTo = useCallback((to: string) => patch({ to }), [patch]);
  const setDefault = useCallback((defaultValue: MappingDraft['defaultValue']) => patch({ defaultValue }), [patch]);
  const setReplace = useCallback((replace: MappingDraft['replace']) => patch({ replace }), [patch]);
  const path = `mapping[${index}]`;
  const label = `Mapping ${index + 1}`;

  return (
    <Paper withBorder p="sm" role="group" aria-label={label}>
      <Stack gap="xs">
        <Group gap="sm" align="flex-start" wrap="wrap">
          <TextInput
            label="From"
            description="Body attribute, without body."
            placeholder="purchase_value"
            value={row.from}
            onChange={(event) => onChange({ ...row, from: event.currentTarget.value })}
            error={errors[`${path}.from`]}
            disabled={disabled}
            w={220}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <ToInput
            value={row.to}
            attributes={attributes}
            error={errors[`${path}.to`]}
            onChange={setTo}
            disabled={disabled}
          />
          <div>
            <MemoTypedValueInput
              label="Default"
              withVisibleLabel
              types={DEFAULT_TYPES}
              placeholder="when missing or empty"
              value={row.defaultValue}
              onChange={setDefault}
              error={errors[`${path}.default`]}
              disabled={disabled}
            />
          </div>
          {!disabled && row.expression === null && (
            <Button
              variant="light"
              mt={24}
              onClick={() => onChange({ ...row, expression: '' })}
              aria-label={`ƒx: compute mapping ${index + 1} with an expression`}
              title="Compute the value with an expression (JSONata)"
              ff="serif"
              fs="italic"
            >
              ƒx
            </Button>
          )}
          {!disabled && (
            <Button
              variant="subtle"
              color="red"
              mt={24}
              onClick={() => onRemove(index)}
              aria-label={`Remove mapping ${index + 1}`}
            >
              Remove
            </Button>
          )}
        </Group>
        {row.expression !== null && (
          <ExpressionField
            number={index + 1}
            expression={row.expression}
            from={row.from}
            sample={sample}
            module={expressionModule}
            error={errors[`${path}.expression`]}
            onChange={(expression) => onChange({ ...row, expression })}
            onRemove={() => onChange({ ...row, expression: null })}
            disabled={disabled}
          />
        )}
        <MemoReplaceValuesEditor
          rules={row.replace}
          onChange={setReplace}
          path={path}
          errors={errors}
          disabled={disabled}
        />
        {errors[path] && (
          <Text c="red" size="xs" role="alert">
            {errors[path]}
          </Text>
        )}
      </Stack>
    </Paper>
  );
});
