import { Alert, Box, Button, Group, Stack, Text } from '@mantine/core';
import type { CombinedError } from '@urql/core';
import type { VerificationScheme } from '@intake/rules';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import {
  describeError,
  fieldErrorsOf,
  hasErrorCode,
  toFieldErrors,
  type FieldErrors,
} from '../../../lib/graphql-errors';
import { loadPatternCheck, usePatternCheck } from '../../../lib/pattern-check';
import { useStableCallback, useStableValue } from '../../../lib/stable';
import { usesPatterns } from '../../../components/FilterBuilder/filter-model';
import { convertDraft, sameDraft, type WebhookDraft } from './editor-model';
import { ErrorSummary } from './ErrorSummary';
import { focusFieldAt, SaveShortcutHint, sectionOf, useSaveShortcut, useSections } from './editor-ui';
import { ActionSection, useEventDefinitions } from './sections/ActionSection';
import { AuthenticationSection } from './sections/AuthenticationSection';
import { FilterSection } from './sections/FilterSection';
import { IdempotencySection } from './sections/IdempotencySection';
import { MappingSection } from './sections/MappingSection';
import { NameSection } from './sections/NameSection';
import { RequestSection } from './sections/RequestSection';
import { ResponseSection } from './sections/ResponseSection';
import { SplitSection } from './sections/SplitSection';
import { useLeaveGuard } from './useLeaveGuard';

/** What saving did: `afterSave` runs once the draft counts as saved (e.g. navigating to the new webhook). */
export type SubmitOutcome = { ok: true; afterSave?: () => void } | { ok: false; error: CombinedError };

export interface WebhookEditorProps {
  initialDraft: WebhookDraft;
  urlFor: (endpoint: string) => string;
  submitLabel: 'Save' | 'Create webhook';
  /** `baseline` is the draft as last loaded or saved, so an update can send only what changed. */
  onSubmit: (draft: WebhookDraft, baseline: WebhookDraft) => Promise<SubmitOutcome>;
  /** Offered when the save was refused because someone else changed the webhook meanwhile. */
  onReload?: () => void;
  /** Saving an unchanged draft makes no sense for an existing webhook; a new one can be saved as prefilled. */
  requireChanges?: boolean;
  filterEditable?: boolean;
  readOnly?: boolean;
  readOnlyReason?: string;
  /**
   * What the Authentication section shows below the scheme: the saved webhook's secrets (they change at once, not
   * with the draft) or a note for a webhook not created yet. Given the scheme currently chosen in the draft.
   */
  renderSecrets?: (draftScheme: VerificationScheme) => ReactNode;
  /**
   * More buttons beside Save (e.g. testing the unsaved changes), given a reader of the draft as it is when called
   * (so that the buttons need not render again on every keystroke) and whether it differs from the saved one.
   */
  renderActions?: (currentDraft: () => WebhookDraft, dirty: boolean) => ReactNode;
}

/** The server errors a change to `field` makes outdated: the ones at or below that input path. */
function withoutErrorsUnder(errors: FieldErrors, field: keyof WebhookDraft): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([path]) => !path.startsWith(field)));
}

// The editor's parts that do not show the draft, memoised: a keystroke renders the editor, which renders these
// only when their own props change (a keystroke at 4× CPU slowdown otherwise paid for every button and the dialog).
const MemoErrorSummary = memo(ErrorSummary);
const MemoConfirmDialog = memo(ConfirmDialog);

const CollapseAllButton = memo(function CollapseAllButton({
  allCollapsed,
  collapseAll,
  expandAll,
}: {
  allCollapsed: boolean;
  collapseAll: () => void;
  expandAll: () => void;
}) {
  return (
    <Group justify="flex-end">
      <Button variant="default" size="compact-sm" onClick={allCollapsed ? expandAll : collapseAll}>
        {allCollapsed ? 'Expand all sections' : 'Collapse all sections'}
      </Button>
    </Group>
  );
});

/** The sticky bar with Save and the other actions. */
const SaveBar = memo(function SaveBar({
  dirty,
  submitting,
  saveDisabled,
  submitLabel,
  actions,
}: {
  dirty: boolean;
  submitting: boolean;
  saveDisabled: boolean;
  submitLabel: WebhookEditorProps['submitLabel'];
  actions: ReactNode;
}) {
  return (
    <Group
      justify="flex-end"
      gap="sm"
      py="sm"
      style={{
        position: 'sticky',
        bottom: 0,
        background: 'var(--mantine-color-body)',
        borderTop: '1px solid var(--mantine-color-default-border)',
        zIndex: 2,
      }}
    >
      {dirty && (
        <Text size="sm" c="dimmed" aria-live="polite">
          Unsaved changes
        </Text>
      )}
      {actions}
      <SaveShortcutHint />
      <Button type="submit" loading={submitting} disabled={saveDisabled} aria-keyshortcuts="Control+S Meta+S">
        {submitLabel}
      </Button>
    </Group>
  );
});

function isStaleVersion(error: CombinedError): boolean {
  return hasErrorCode(error, 'CONFLICT') && fieldErrorsOf(error).some(({ field }) => field === 'expectedVersion');
}

function generalMessage(error: CombinedError): string {
  if (hasErrorCode(error, 'FORBIDDEN')) return 'Your role may read webhooks but not change them.';
  return describeError(error);
}

/**
 * The webhook editor: Name, Request, Authentication, Idempotency, Filters, Action, Items, Mapping and Response,
 * in the order a request meets them. Checks what it can before saving, shows the server's validation errors at the
 * inputs they name, asks before leaving unsaved changes, and explains a concurrent change instead of overwriting it.
 */
export function WebhookEditor({
  initialDraft,
  urlFor,
  submitLabel,
  onSubmit,
  onReload,
  requireChanges = false,
  filterEditable = true,
  readOnly = false,
  readOnlyReason,
  renderSecrets,
  renderActions,
}: WebhookEditorProps) {
  const [draft, setDraft] = useState(initialDraft);
  const [baseline, setBaseline] = useState(initialDraft);
  const [attempted, setAttempted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [generalError, setGeneralError] = useState<string>();
  const [staleVersion, setStaleVersion] = useState(false);
  const [summaryFocus, setSummaryFocus] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const sections = useSections();
  const { definitions, fetching: definitionsLoading, error: definitionsError } = useEventDefinitions();

  const dirty = !sameDraft(draft, baseline);
  const guard = useLeaveGuard(dirty && !readOnly);
  const patternProblem = usePatternCheck(usesPatterns(draft.filter));
  const clientErrors = useMemo(
    () => (attempted ? convertDraft(draft, { patternProblem }).errors : {}),
    [attempted, draft, patternProblem],
  );
  // Kept as the same object while its content is unchanged, so that sections not typed into skip rendering.
  const errors = useStableValue({ ...clientErrors, ...serverErrors });
  const requestErrors = useMemo(
    () => ({ method: errors.method, endpoint: errors.endpoint }),
    [errors.method, errors.endpoint],
  );
  const responseErrors = useMemo(
    () => ({ successResponse: errors.successResponse, errorResponse: errors.errorResponse }),
    [errors.successResponse, errors.errorResponse],
  );
  const attributes = definitions?.find((definition) => definition.name === draft.action)?.attributes;

  useEffect(() => {
    if (summaryFocus > 0) summaryRef.current?.focus();
  }, [summaryFocus]);

  // Stable (state setters only), so that each section gets the same onChange on every render and is memoised.
  const update = useCallback(<K extends keyof WebhookDraft>(field: K, value: WebhookDraft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setServerErrors((current) => withoutErrorsUnder(current, field));
  }, []);
  const set = useMemo(() => {
    const setter =
      <K extends keyof WebhookDraft>(field: K) =>
      (value: WebhookDraft[K]) =>
        update(field, value);
    return {
      name: setter('name'),
      method: setter('method'),
      endpoint: setter('endpoint'),
      verification: setter('verification'),
      idempotency: setter('idempotency'),
      filter: setter('filter'),
      action: setter('action'),
      splitOn: setter('splitOn'),
      mapping: setter('mapping'),
    };
  }, [update]);
  // Read when an action is used (after the keystrokes were committed), not passed down on every keystroke.
  const currentDraft = useStableCallback(() => draft);
  const actions = useMemo(() => renderActions?.(currentDraft, dirty), [renderActions, currentDraft, dirty]);
  const { open: openSection } = sections;
  const selectProblem = useCallback(
    (path: string) => {
      openSection(sectionOf(path));
      focusFieldAt(formRef.current, path, errors[path]);
    },
    [openSection, errors],
  );
  const secrets = useMemo(() => renderSecrets?.(draft.verification.scheme), [renderSecrets, draft.verification.scheme]);
  useSaveShortcut(formRef, !readOnly, !submitting && (dirty || !requireChanges));

  function showServerError(error: CombinedError) {
    if (isStaleVersion(error)) {
      setStaleVersion(true);
      return;
    }
    const byField = toFieldErrors(fieldErrorsOf(error));
    setServerErrors(byField);
    sections.openFor(Object.keys(byField));
    setGeneralError(Object.keys(byField).length > 0 ? undefined : generalMessage(error));
    setSummaryFocus((count) => count + 1);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setAttempted(true);
    setServerErrors({});
    setGeneralError(undefined);
    setStaleVersion(false);
    setSubmitting(true);
    // Saving waits for RE2 when a pattern needs it, so that the editor refuses exactly what the server would.
    const patternCheck = usesPatterns(draft.filter) ? await loadPatternCheck() : undefined;
    const problems = Object.keys(convertDraft(draft, { patternProblem: patternCheck }).errors);
    if (problems.length > 0) {
      sections.openFor(problems);
      setSubmitting(false);
      setSummaryFocus((count) => count + 1);
      return;
    }
    const outcome = await onSubmit(draft, baseline);
    setSubmitting(false);
    if (!outcome.ok) {
      showServerError(outcome.error);
      return;
    }
    setAttempted(false);
    setBaseline(draft);
    if (outcome.afterSave) {
      guard.allowNextLeave();
      outcome.afterSave();
    }
  }

  return (
    <Box component="form" ref={formRef} onSubmit={save} noValidate aria-label="Webhook settings">
      <Stack gap="md">
        {readOnly && readOnlyReason && (
          <Alert color="gray" title="Read only">
            {readOnlyReason}
          </Alert>
        )}
        {staleVersion && (
          <Alert color="orange" title="Someone else changed this webhook" role="alert">
            <Text size="sm">
              It was changed after you opened it, so your changes were not saved. Reload to see the latest version; your
              unsaved changes will be discarded.
            </Text>
            {onReload && (
              <Button mt="sm" size="xs" color="orange" onClick={onReload}>
                Reload
              </Button>
            )}
          </Alert>
        )}
        <MemoErrorSummary ref={summaryRef} fieldErrors={errors} generalError={generalError} onSelect={selectProblem} />
        <CollapseAllButton
          allCollapsed={sections.allCollapsed}
          collapseAll={sections.collapseAll}
          expandAll={sections.expandAll}
        />

        <div data-editor-section="name">
          <NameSection
            section={sections.toggles.name}
            value={draft.name}
            onChange={set.name}
            error={errors.name}
            disabled={readOnly}
          />
        </div>
        <div data-editor-section="request">
          <RequestSection
            section={sections.toggles.request}
            method={draft.method}
            endpoint={draft.endpoint}
            onMethodChange={set.method}
            onEndpointChange={set.endpoint}
            urlFor={urlFor}
            errors={requestErrors}
            disabled={readOnly}
          />
        </div>
        <div data-editor-section="authentication">
          <AuthenticationSection
            section={sections.toggles.authentication}
            value={draft.verification}
            onChange={set.verification}
            errors={errors}
            disabled={readOnly}
            secrets={secrets}
          />
        </div>
        <div data-editor-section="idempotency">
          <IdempotencySection
            section={sections.toggles.idempotency}
            value={draft.idempotency}
            onChange={set.idempotency}
            scheme={draft.verification.scheme}
            errors={errors}
            disabled={readOnly}
          />
        </div>
        <div data-editor-section="filter">
          <FilterSection
            section={sections.toggles.filter}
            value={draft.filter}
            onChange={set.filter}
            errors={errors}
            editable={filterEditable}
            disabled={readOnly}
          />
        </div>
        <div data-editor-section="action">
          <ActionSection
            section={sections.toggles.action}
            value={draft.action}
            onChange={set.action}
            definitions={definitions}
            loading={definitionsLoading && !definitions}
            loadError={definitionsError && 'The list of events could not be loaded.'}
            error={errors.action}
            disabled={readOnly}
          />
        </div>
        <div data-editor-section="split">
          <SplitSection
            section={sections.toggles.split}
            value={draft.splitOn}
            onChange={set.splitOn}
            error={errors.splitOn}
            disabled={readOnly}
          />
        </div>
        <div data-editor-section="mapping">
          <MappingSection
            section={sections.toggles.mapping}
            split={draft.splitOn.trim() !== ''}
            value={draft.mapping}
            onChange={set.mapping}
            attributes={attributes}
            errors={errors}
            disabled={readOnly}
          />
        </div>
        <div data-editor-section="response">
          <ResponseSection
            section={sections.toggles.response}
            successResponse={draft.successResponse}
            errorResponse={draft.errorResponse}
            onChange={update}
            errors={responseErrors}
            showAllErrors={attempted}
            disabled={readOnly}
          />
        </div>

        {!readOnly && (
          <SaveBar
            dirty={dirty}
            submitting={submitting}
            saveDisabled={requireChanges && !dirty}
            submitLabel={submitLabel}
            actions={actions}
          />
        )}
      </Stack>

      <MemoConfirmDialog
        opened={guard.blocked}
        title="Leave without saving?"
        confirmLabel="Discard changes"
        cancelLabel="Stay"
        confirmColor="red"
        onConfirm={guard.leave}
        onCancel={guard.stay}
      >
        Your changes to this webhook are not saved yet. Leave and discard them?
      </MemoConfirmDialog>
    </Box>
  );
}
