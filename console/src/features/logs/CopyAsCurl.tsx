import { Button, Code, CopyButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { buildCurl, type CurlSource } from './curl';

/**
 * "Copy as curl" on a log: a command that sends the request again as logged. Secrets the log does not keep are
 * placeholders, named under the buttons, to fill in before sending.
 */
export function CopyAsCurl({ log, origin }: { log: CurlSource; origin: string }) {
  const { command, placeholders } = useMemo(() => buildCurl(log, origin), [log, origin]);
  const [shown, setShown] = useState(false);
  return (
    <Paper withBorder p="sm" component="section" aria-label="Send it again">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} size="h5">
            Send it again
          </Title>
          <Group gap="xs">
            <CopyButton value={command} timeout={2000}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" color={copied ? 'teal' : undefined} onClick={copy}>
                  {copied ? 'Copied' : 'Copy as curl'}
                </Button>
              )}
            </CopyButton>
            <Button size="xs" variant="default" onClick={() => setShown((open) => !open)} aria-expanded={shown}>
              {shown ? 'Hide command' : 'Show command'}
            </Button>
          </Group>
        </Group>
        {placeholders.length > 0 && (
          <Text size="xs" c="dimmed">
            The log does not keep secrets: replace {placeholders.join(', ')} before sending.
          </Text>
        )}
        {shown && (
          <Code
            block
            data-testid="curl-command"
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 320, overflow: 'auto' }}
            tabIndex={0}
          >
            {command}
          </Code>
        )}
      </Stack>
    </Paper>
  );
}
