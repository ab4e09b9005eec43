import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

interface EditorSectionProps {
  title: string;
  description?: ReactNode;
  /** Shown next to the title, e.g. a warning badge. */
  badge?: ReactNode;
  /** The element id, so that a link elsewhere can lead to this section. */
  id?: string;
  children: ReactNode;
}

/** One titled block of the editor (Name, Request, Filters, …), a landmark screen readers can jump to. */
export function EditorSection({ title, description, badge, id, children }: EditorSectionProps) {
  const headingId = useId();
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={headingId} id={id}>
      <Stack gap="sm">
        <div>
          <Group gap="xs">
            {/* h2: the editor's sections come right under the page's h1 (or the statistics' h2). */}
            <Title order={2} size="h4" id={headingId}>
              {title}
            </Title>
            {badge}
          </Group>
          {description && (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Paper>
  );
}
