import { Button, Code, CopyButton, Group, Tooltip } from '@mantine/core';

interface CopyableUrlProps {
  url: string;
  /** What the copy button names, for screen readers: "Copy URL of Point add". */
  label?: string;
}

/** A full ingestion URL with a button that copies it: admins paste it into the sending system. */
export function CopyableUrl({ url, label = 'Copy URL' }: CopyableUrlProps) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Code style={{ wordBreak: 'break-all' }}>{url}</Code>
      <CopyButton value={url} timeout={1500}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy to clipboard'} withArrow>
            <Button
              size="compact-xs"
              variant="light"
              color={copied ? 'teal' : undefined}
              onClick={copy}
              aria-label={label}
              // The URL wraps; the button keeps its width (squeezed by a long URL, it read "Cop").
              style={{ flexShrink: 0 }}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}
