import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

interface ShownOnceProps {
  /** What the value is, for the warning and the copy button: "key", "password". */
  what: string;
  value: string;
  /** Who the value is for and what to do with it. */
  children?: ReactNode;
  onDone: () => void;
}

/**
 * A secret the server answers once (an API key, a generated password): shown with a copy button and a warning that
 * it cannot be shown again. Only its hash is stored; once the dialog closes, nobody can read it back.
 */
export function ShownOnce({ what, value, children, onDone }: ShownOnceProps) {
  return (
    <Stack gap="md">
      <Alert color="orange" title={`Copy the ${what} now`} role="status">
        <Text size="sm">
          It is shown this once. Intake keeps only a hash of it: once you close this dialog, nobody can show it again
          {what === 'key' ? ' — revoke the key and create another if it is lost.' : '.'}
        </Text>
      </Alert>
      {children}
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Code
          block
          aria-label={`The new ${what}`}
          data-testid="shown-once-value"
          style={{ flex: 1, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          {value}
        </Code>
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Button variant="light" color={copied ? 'teal' : undefined} onClick={copy} style={{ flexShrink: 0 }}>
              {copied ? 'Copied' : `Copy ${what}`}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Group justify="flex-end">
        <Button onClick={onDone} data-autofocus>
          Done
        </Button>
      </Group>
    </Stack>
  );
}
