import { Button, Group, SegmentedControl, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link, useSearchParams } from 'react-router-dom';
import type { WebhookStatus } from '../../../gql/graphql';
import { useCanEdit } from '../../auth/viewer-context';
import { ConfigAsCodeButtons } from '../config-as-code/ConfigAsCodeButtons';
import { WebhooksTable } from './WebhooksTable';
import { paths } from '../../../app/paths';

/** "Current" is the API default (inactive and active); archived webhooks show only under their own filter. */
const STATUS_FILTERS: { value: string; label: string }[] = [
  { value: 'current', label: 'Current' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'INACTIVE', label: 'Inactive' },
  { value: 'ARCHIVED', label: 'Archived' },
];

/** The webhooks list; its filter and search live in the URL so they survive reloads and links. */
export default function WebhooksPage() {
  const canEdit = useCanEdit();
  const [searchParams, setSearchParams] = useSearchParams();
  // READERs see active webhooks only (the API's rule): no status filter for them, whatever the URL says.
  const statusFilter = canEdit ? (searchParams.get('status') ?? 'current') : 'current';
  const searchText = searchParams.get('q') ?? '';
  const [debouncedSearch] = useDebouncedValue(searchText.trim(), 300);

  function setParam(name: string, value: string, defaultValue: string) {
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === defaultValue) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Incoming webhooks
        </Title>
        <Group gap="sm">
          <ConfigAsCodeButtons canImport={canEdit} />
          {canEdit && (
            <Button component={Link} to={paths.newWebhook}>
              Create webhook
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="md" align="flex-end" wrap="wrap">
        {canEdit && (
          <SegmentedControl
            aria-label="Status"
            data={STATUS_FILTERS}
            value={statusFilter}
            onChange={(value) => setParam('status', value, 'current')}
          />
        )}
        <TextInput
          label="Search"
          placeholder="Name or endpoint"
          type="search"
          value={searchText}
          onChange={(event) => setParam('q', event.currentTarget.value, '')}
          w={280}
        />
      </Group>
      <WebhooksTable
        status={statusFilter === 'current' ? undefined : (statusFilter as WebhookStatus)}
        search={debouncedSearch || undefined}
        canCreate={canEdit}
      />
    </Stack>
  );
}
