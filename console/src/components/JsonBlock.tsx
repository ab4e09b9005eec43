import { Code, Text } from '@mantine/core';
import { prettyJson, prettyJsonText } from '../lib/json-text';

type JsonBlockProps =
  | { value: unknown; text?: never; emptyText?: string }
  | { text: string | null | undefined; value?: never; emptyText?: string };

/** Read-only, pretty-printed JSON (a value, or JSON text that may not even parse, as a log can hold). */
export function JsonBlock({ value, text, emptyText = 'Empty' }: JsonBlockProps) {
  // null and absent read as "nothing here" (an event that was never mapped), not as the JSON literal.
  const printed =
    text !== undefined
      ? text === null || text === ''
        ? ''
        : prettyJsonText(text)
      : value === null
        ? ''
        : prettyJson(value);
  if (printed === '')
    return (
      <Text c="dimmed" size="sm">
        {emptyText}
      </Text>
    );
  return (
    // Focusable: a long body scrolls, and must be scrollable from the keyboard too.
    <Code
      block
      tabIndex={0}
      style={{ maxHeight: 420, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
    >
      {printed}
    </Code>
  );
}
