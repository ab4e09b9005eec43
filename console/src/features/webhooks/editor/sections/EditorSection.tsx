import { Collapse, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { memo, useId, type ReactNode } from 'react';
import classes from './EditorSection.module.css';

export interface CollapsibleProps {
  /** One line saying what the section holds, shown in place of its inputs while it is collapsed. */
  summary?: ReactNode;
  /** Collapsible when given: whether the section shows its inputs. */
  opened?: boolean;
  onToggle?: () => void;
}

/** What the editor gives a section it lets collapse. */
export type SectionToggle = Required<Pick<CollapsibleProps, 'opened' | 'onToggle'>>;

interface EditorSectionProps extends CollapsibleProps {
  title: string;
  description?: ReactNode;
  /** Shown next to the title, e.g. a warning badge. */
  badge?: ReactNode;
  /** The element id, so that a link elsewhere can lead to this section. */
  id?: string;
  children: ReactNode;
}

/**
 * One titled block of the editor (Name, Request, Filters, …), a landmark screen readers can jump to. Given
 * `onToggle`, its title is a disclosure button and, collapsed, the section shows only its summary; the inputs stay
 * mounted, so whatever they hold (a half-typed value, an open expression) is kept.
 */
export function EditorSection({
  title,
  description,
  badge,
  id,
  summary,
  opened = true,
  onToggle,
  children,
}: EditorSectionProps) {
  const headingId = useId();
  const contentId = useId();
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={headingId} id={id}>
      <Stack gap="sm">
        <SectionHeading
          headingId={headingId}
          contentId={contentId}
          title={title}
          badge={badge}
          summary={summary}
          opened={opened}
          onToggle={onToggle}
          description={description}
        />
        {onToggle ? (
          <Collapse expanded={opened} id={contentId} transitionDuration={150}>
            <Stack gap="sm">{children}</Stack>
          </Collapse>
        ) : (
          children
        )}
      </Stack>
    </Paper>
  );
}

/**
 * The title (the disclosure button), badge, summary and description: memoised, so that typing into the section's
 * inputs does not render them again (the sections give them unchanging props while the admin types).
 */
const SectionHeading = memo(function SectionHeading({
  headingId,
  contentId,
  title,
  badge,
  summary,
  opened,
  onToggle,
  description,
}: Omit<EditorSectionProps, 'children' | 'id'> & { headingId: string; contentId: string; opened: boolean }) {
  return (
    <div>
      <Group gap="xs" wrap="nowrap">
        {/* h2: the editor's sections come right under the page's h1 (or the statistics' h2). */}
        <Title order={2} size="h4" id={headingId}>
          {onToggle ? (
            <UnstyledButton
              className={classes.toggle}
              aria-expanded={opened}
              aria-controls={contentId}
              onClick={onToggle}
            >
              <span aria-hidden className={classes.chevron} data-opened={opened || undefined}>
                ▸
              </span>
              {title}
            </UnstyledButton>
          ) : (
            title
          )}
        </Title>
        {badge}
        {onToggle && !opened && summary && (
          <Text size="sm" c="dimmed" truncate="end" className={classes.summary}>
            {summary}
          </Text>
        )}
      </Group>
      {description && opened && (
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      )}
    </div>
  );
});
