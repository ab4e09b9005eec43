import { REQUEST_OUTCOMES } from '@intake/rules';
import { Button, Group, Select, TextInput } from '@mantine/core';
import { OUTCOME_LABELS } from '../../../components/Badges';
import type { RequestOutcome } from '../../../gql/graphql';

export interface LogFilterValues {
  statusCode?: number;
  outcome?: RequestOutcome;
  /** datetime-local text (the admin's local time), converted to ISO when querying. */
  receivedAfter?: string;
  receivedBefore?: string;
}

/** The status codes ingestion answers with (see spec/ingestion.md). */
const STATUS_CODES = ['200', '400', '401', '404', '405', '408', '413', '415', '422', '429', '503'];
const OUTCOMES = REQUEST_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] }));

interface LogFiltersProps {
  value: LogFilterValues;
  onChange: (value: LogFilterValues) => void;
}

export function LogFilters({ value, onChange }: LogFiltersProps) {
  const active = Object.values(value).some((filter) => filter !== undefined && filter !== '');
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <Select
        label="Status code"
        placeholder="Any"
        data={STATUS_CODES}
        value={value.statusCode === undefined ? null : String(value.statusCode)}
        onChange={(code) => onChange({ ...value, statusCode: code ? Number(code) : undefined })}
        clearable
        searchable
        w={130}
      />
      <Select
        label="Outcome"
        placeholder="Any"
        data={OUTCOMES}
        value={value.outcome ?? null}
        onChange={(outcome) => onChange({ ...value, outcome: (outcome as RequestOutcome | null) ?? undefined })}
        clearable
        w={180}
      />
      <TextInput
        label="Received after"
        type="datetime-local"
        value={value.receivedAfter ?? ''}
        onChange={(event) => onChange({ ...value, receivedAfter: event.currentTarget.value || undefined })}
        w={220}
      />
      <TextInput
        label="Received before"
        type="datetime-local"
        value={value.receivedBefore ?? ''}
        onChange={(event) => onChange({ ...value, receivedBefore: event.currentTarget.value || undefined })}
        w={220}
      />
      {active && (
        <Button variant="subtle" onClick={() => onChange({})}>
          Clear filters
        </Button>
      )}
    </Group>
  );
}

/** A datetime-local value as the ISO instant the API expects, or undefined when empty or unreadable. */
export function toIsoInstant(localDateTime: string | undefined): string | undefined {
  if (!localDateTime) return undefined;
  const date = new Date(localDateTime);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
