import { HTTP_METHODS } from '@intake/rules';
import { Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { memo, useId } from 'react';
import { CopyableUrl } from '../../../../components/CopyableUrl';
import type { HttpMethod } from '../../../../gql/graphql';
import { EditorSection, type SectionToggle } from './EditorSection';

interface RequestSectionProps {
  method: HttpMethod;
  endpoint: string;
  onMethodChange: (method: HttpMethod) => void;
  onEndpointChange: (endpoint: string) => void;
  /** The full ingestion URL for an endpoint, updated as the admin types. */
  urlFor: (endpoint: string) => string;
  errors: { method?: string; endpoint?: string };
  disabled?: boolean;
  section?: SectionToggle;
}

export const RequestSection = memo(function RequestSection({
  method,
  endpoint,
  onMethodChange,
  onEndpointChange,
  urlFor,
  errors,
  disabled,
  section,
}: RequestSectionProps) {
  const urlLabelId = useId();
  const shownEndpoint = endpoint.trim() === '' ? '<endpoint>' : endpoint.trim();
  return (
    <EditorSection
      title="Request"
      description="How the sending system calls this webhook."
      {...section}
      summary={`${method} ${urlFor(shownEndpoint)}`}
    >
      <Group align="flex-start" gap="md" wrap="wrap">
        <Select
          label="Method"
          data={HTTP_METHODS}
          value={method}
          onChange={(value) => value && onMethodChange(value as HttpMethod)}
          allowDeselect={false}
          error={errors.method}
          disabled={disabled}
          w={120}
        />
        <TextInput
          label="Endpoint"
          description="Lowercase letters, digits, - and _"
          placeholder="endpoint1"
          required
          value={endpoint}
          onChange={(event) => onEndpointChange(event.currentTarget.value)}
          error={errors.endpoint}
          disabled={disabled}
          w={280}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      </Group>
      <Stack gap={4}>
        <Text size="sm" fw={500} id={urlLabelId}>
          Full URL
        </Text>
        <div aria-labelledby={urlLabelId} role="group">
          <CopyableUrl url={urlFor(shownEndpoint)} label="Copy full URL" />
        </div>
        <Text size="xs" c="dimmed">
          The sender sends {method} requests with a JSON body to this URL.
        </Text>
      </Stack>
    </EditorSection>
  );
});
