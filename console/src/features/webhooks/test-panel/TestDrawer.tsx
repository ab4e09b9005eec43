import { Drawer } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { LoadingState } from '../../../components/QueryStates';
import type { FilterGroupData } from '../../../components/FilterBuilder/filter-model';
import { convertDraft, toUpdateInput, type WebhookDraft } from '../editor/editor-model';
import type { TestDraft } from './TestPanel';

// The panel is loaded when opened: the Settings tab does not pay for it otherwise.
const WebhookTester = lazy(() => import('./TestPanel').then((module) => ({ default: module.WebhookTester })));

/** The changes as testWebhook takes them (an update's patch) and the settings they give, to build the sample from. */
export function testDraftOf(
  draft: WebhookDraft,
  baseline: WebhookDraft,
  filterEditable: boolean,
  savedFilter: FilterGroupData | null | undefined,
): TestDraft {
  // The version is for saving; a test saves nothing.
  const { expectedVersion: _version, ...patch } = toUpdateInput(draft, baseline, 0, { filterEditable }).input;
  const { input } = convertDraft(draft);
  return {
    patch,
    settings: {
      method: input.method,
      action: input.action,
      filter: filterEditable ? input.filter : savedFilter,
      mapping: input.mapping,
      idempotencyKey: input.idempotency?.key,
      splitOn: input.splitOn,
    },
  };
}

/** What the drawer tests: the saved settings (no draft) or the editor's unsaved changes. */
export interface TestedInDrawer {
  draft?: TestDraft;
}

/**
 * The Test panel in a drawer over the editor: an active webhook's changes are tested before they go live, and the
 * draft stays as it is. Rendered outside the editor's form (the panel has a form of its own).
 */
export function TestDrawer({
  webhookId,
  tested,
  onClose,
}: {
  webhookId: string;
  tested: TestedInDrawer | null;
  onClose: () => void;
}) {
  return (
    <Drawer
      opened={tested !== null}
      onClose={onClose}
      position="right"
      size="xl"
      closeButtonProps={{ 'aria-label': 'Close the Test panel' }}
      title={tested?.draft ? 'Test your unsaved changes' : 'Test the saved settings'}
    >
      {tested && (
        <Suspense fallback={<LoadingState label="Loading the Test panel" />}>
          <WebhookTester webhookId={webhookId} draft={tested.draft} />
        </Suspense>
      )}
    </Drawer>
  );
}
