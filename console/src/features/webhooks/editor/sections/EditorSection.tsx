import { Paper, Stack, Text, Title } from '@mantine/core';
import { useId, type ReactNode } from 'react';

interface EditorSectionProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}

/** One titled block of the editor (Name, Request, Filters, …), a landmark screen readers can jump to. */
export function EditorSection({ title, description, children }: EditorSectionProps) {
  const headingId = useId();
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={headingId}>
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id={headingId}>
            {title}
          </Title>
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
