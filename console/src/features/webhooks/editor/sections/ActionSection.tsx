import { memo } from 'react';
import { Badge, Group, Select, Stack, Table, Text } from '@mantine/core';
import type { EventDefinition } from '../../event-definitions';
import { EditorSection, type SectionToggle } from './EditorSection';

export { useEventDefinitions, type EventDefinition } from '../../event-definitions';

interface ActionSectionProps {
  value: string;
  onChange: (action: string) => void;
  definitions: readonly EventDefinition[] | undefined;
  loading: boolean;
  loadError?: string;
  error?: string;
  disabled?: boolean;
  section?: SectionToggle;
}

export const ActionSection = memo(function ActionSection({
  value,
  onChange,
  definitions,
  loading,
  loadError,
  error,
  disabled,
  section,
}: ActionSectionProps) {
  const selected = definitions?.find((definition) => definition.name === value);
  const options = (definitions ?? []).map((definition) => ({ value: definition.name, label: definition.label }));
  // A stored action the server no longer lists must still show, or the select would look empty.
  if (value && definitions && !selected) options.push({ value, label: `${value} (unknown event)` });

  return (
    <EditorSection
      title="Action"
      description="The event registered in the member's history for each accepted request."
      {...section}
      summary={selected ? `${selected.label} (${selected.name})` : value || 'No event chosen yet'}
    >
      <Select
        label="Event"
        placeholder={loading ? 'Loading events…' : 'Choose an event'}
        data={options}
        value={value || null}
        onChange={(action) => onChange(action ?? '')}
        searchable
        nothingFoundMessage="No event by that name"
        error={error ?? loadError}
        disabled={disabled || loading}
        maw={420}
        renderOption={({ option }) => {
          const definition = definitions?.find((candidate) => candidate.name === option.value);
          return (
            <Stack gap={0}>
              <Text size="sm">{option.label}</Text>
              {definition && (
                <Text size="xs" c="dimmed">
                  {definition.description}
                </Text>
              )}
            </Stack>
          );
        }}
      />
      {selected && <EventDetails definition={selected} />}
    </EditorSection>
  );
});

function EventDetails({ definition }: { definition: EventDefinition }) {
  return (
    <Stack gap="xs">
      <Text size="sm">
        <Text span ff="monospace" size="sm">
          {definition.name}
        </Text>{' '}
        — {definition.description}
      </Text>
      {definition.attributes.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table striped withTableBorder verticalSpacing={4} aria-label={`Attributes of ${definition.label}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Attribute</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Description</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {definition.attributes.map((attribute) => (
                <Table.Tr key={attribute.path}>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" ff="monospace">
                        {attribute.path}
                      </Text>
                      {attribute.required && (
                        <Badge size="xs" color="orange" variant="light">
                          required
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{attribute.type.toLowerCase().replace('_', ' ')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{attribute.description}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
