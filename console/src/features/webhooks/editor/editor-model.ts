import { settingsIssues, WEBHOOK_SETTINGS_FIELDS, type SettingsChecks } from '@intake/rules';
import {
  filterDraftFrom,
  filterExceedsEditableDepth,
  toFilterGroupInput,
  type FilterGroupData,
  type FilterGroupDraft,
} from '../../../components/FilterBuilder/filter-model';
import {
  mappingDraftsFrom,
  toMappingInput,
  type MappingData,
  type MappingDraft,
} from '../../../components/MappingEditor/mapping-model';
import type { CreateWebhookInput, HttpMethod, UpdateWebhookInput } from '../../../gql/graphql';
import type { FieldErrors } from '../../../lib/graphql-errors';
import {
  idempotencyDraftFrom,
  toIdempotencyInput,
  toVerificationInput,
  verificationDraftFrom,
  type IdempotencyData,
  type IdempotencyDraft,
  type VerificationData,
  type VerificationDraft,
} from './verification-model';

/** Everything the editor edits, in the shapes its inputs work with. */
export interface WebhookDraft {
  name: string;
  method: HttpMethod;
  endpoint: string;
  filter: FilterGroupDraft;
  action: string;
  mapping: MappingDraft[];
  /** Empty text means "send the default body". */
  successResponse: string;
  errorResponse: string;
  /** How the sender is authenticated; its secrets are not part of the draft (they change at once). */
  verification: VerificationDraft;
  idempotency: IdempotencyDraft;
  /** Fan-out: "body.<path to a list>" whose items each become one event; empty text means one event per request. */
  splitOn: string;
}

/** The settings as the API returns them (a Webhook or a blueprint's WebhookTemplate). */
export interface WebhookSettingsData {
  name?: string;
  method: HttpMethod;
  endpoint?: string | null;
  filter?: FilterGroupData | null;
  action?: string | null;
  mapping: readonly MappingData[];
  successResponse?: string | null;
  errorResponse?: string | null;
  verification?: VerificationData | null;
  idempotency?: IdempotencyData | null;
  splitOn?: string | null;
}

export function draftFrom(data: WebhookSettingsData): WebhookDraft {
  return {
    name: data.name ?? '',
    method: data.method,
    endpoint: data.endpoint ?? '',
    filter: filterDraftFrom(data.filter),
    action: data.action ?? '',
    mapping: mappingDraftsFrom(data.mapping),
    successResponse: data.successResponse ?? '',
    errorResponse: data.errorResponse ?? '',
    verification: verificationDraftFrom(data.verification),
    idempotency: idempotencyDraftFrom(data.idempotency),
    splitOn: data.splitOn ?? '',
  };
}

/** A stored filter the editor cannot show in full must not be sent back (it would lose its deepest groups). */
export function isFilterEditable(data: WebhookSettingsData): boolean {
  return !filterExceedsEditableDepth(data.filter);
}

interface Conversion {
  input: CreateWebhookInput;
  /** What stops the draft from being saved, by input path. */
  errors: FieldErrors;
}

function responseText(text: string): string | null {
  return text.trim() === '' ? null : text;
}

/**
 * Converts and checks the whole draft; error keys are the server's input paths without `input.`. The checks are
 * the server's (`@intake/rules`), so the messages are the ones the server would answer; `checks` supplies what
 * the editor may not have yet — RE2, loaded lazily, and the event catalogue.
 */
export function convertDraft(draft: WebhookDraft, checks: SettingsChecks = {}): Conversion {
  const scalars = {
    name: draft.name.trim(),
    method: draft.method,
    endpoint: draft.endpoint.trim(),
    action: draft.action,
    successResponse: responseText(draft.successResponse),
    errorResponse: responseText(draft.errorResponse),
    verification: toVerificationInput(draft.verification),
    idempotency: toIdempotencyInput(draft.idempotency),
    // Left out when empty: a new webhook then has no fan-out, and a patch turns the absence into null (stop splitting).
    ...(draft.splitOn.trim() === '' ? {} : { splitOn: draft.splitOn.trim() }),
  };
  const errors: FieldErrors = {};
  for (const issue of settingsIssues(scalars, '', checks)) errors[issue.field] ??= issue.message;
  // Filter and mapping are checked by their own conversions, which add what only the editor can get wrong.
  const filter = toFilterGroupInput(draft.filter, 'filter', checks.patternProblem);
  const mapping = toMappingInput(draft.mapping);
  return {
    input: { ...scalars, filter: filter.input, mapping: mapping.input },
    errors: { ...errors, ...filter.errors, ...mapping.errors },
  };
}

export function toCreateInput(draft: WebhookDraft): { input: CreateWebhookInput; errors: FieldErrors } {
  return convertDraft(draft);
}

/**
 * Only what changed, so the patch says what the admin did (absent = keep, null = clear), plus the version the
 * edit started from so that a concurrent change is refused rather than overwritten.
 */
export function toUpdateInput(
  draft: WebhookDraft,
  baseline: WebhookDraft,
  expectedVersion: number,
  options: { filterEditable: boolean } = { filterEditable: true },
): { input: UpdateWebhookInput; errors: FieldErrors } {
  const current = convertDraft(draft);
  const after: Record<string, unknown> = { ...current.input };
  const before: Record<string, unknown> = { ...convertDraft(baseline).input };
  const changed: Record<string, unknown> = {};
  for (const field of WEBHOOK_SETTINGS_FIELDS) {
    if (field === 'filter' && !options.filterEditable) continue;
    // An empty filter converts to null, which in a patch means "clear the filter": exactly what removing it meant.
    if (JSON.stringify(after[field] ?? null) !== JSON.stringify(before[field] ?? null))
      changed[field] = after[field] ?? null;
  }
  return { input: { ...changed, expectedVersion } as UpdateWebhookInput, errors: current.errors };
}

/** Row keys aside, are two drafts the same? Drives "unsaved changes". */
export function sameDraft(a: WebhookDraft, b: WebhookDraft): boolean {
  const withoutRowKeys = (key: string, value: unknown) => (key === 'key' ? undefined : value);
  return JSON.stringify(a, withoutRowKeys) === JSON.stringify(b, withoutRowKeys);
}
