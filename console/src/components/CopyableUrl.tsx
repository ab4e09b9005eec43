import { Button, Code, CopyButton, Group, Text, Tooltip } from '@mantine/core';
import { Fragment } from 'react';

/**
 * The URL split after each "/" that starts a new segment ("https://" stays whole): the pieces a long URL may
 * wrap between, so it reads "…/custom/acme/" + "endpoint1" rather than "endpo" + "int1".
 */
export function urlSegments(url: string): string[] {
  return url.split(/(?<=\/)(?=[^/])/);
}

/**
 * A URL that wraps only at "/" boundaries (a <wbr/> after each), whatever its container's width. A single
 * segment wider than the container still breaks rather than overflowing.
 */
export function UrlText({ url }: { url: string }) {
  return (
    <>
      {urlSegments(url).map((segment, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {segment}
        </Fragment>
      ))}
    </>
  );
}

const URL_STYLE = { wordBreak: 'normal', overflowWrap: 'anywhere' } as const;

interface CopyableUrlProps {
  url: string;
  /** What the copy button names, for screen readers: "Copy URL of Point add". */
  label?: string;
}

/** A full ingestion URL with a button that copies it: admins paste it into the sending system. */
export function CopyableUrl({ url, label = 'Copy URL' }: CopyableUrlProps) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Code style={URL_STYLE} title={url}>
        <UrlText url={url} />
      </Code>
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

/**
 * An archived webhook's URL: its endpoint is freed, so no Copy button, muted, and a note saying why. Senders
 * get 404 from it, and another webhook may take the endpoint.
 */
export function ArchivedUrl({ url, compact = false }: { url: string; compact?: boolean }) {
  const note = 'Archived: this address no longer accepts requests and may be reused by another webhook.';
  return (
    <div>
      <Text component="span" size="sm" c="dimmed" ff="monospace" style={URL_STYLE} title={compact ? note : url}>
        <UrlText url={url} />
      </Text>
      {!compact && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </div>
  );
}
