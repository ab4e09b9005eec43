import { Button, Group, Textarea, type TextareaProps } from '@mantine/core';
import { useState } from 'react';
import { parseJsonText } from '@intake/rules';
import { jsonErrorOf, prettyJson } from '../../lib/json-text';

export interface JsonEditorProps extends Omit<TextareaProps, 'value' | 'onChange' | 'error'> {
  label: string;
  value: string;
  onChange: (text: string) => void;
  /** An empty editor is valid when the field is optional (the server then uses its default). */
  allowEmpty?: boolean;
  /** An error from elsewhere (the server), shown when the text itself is fine. */
  externalError?: string;
  /** Show the JSON error even before the field was left, e.g. after a save attempt. */
  forceShowError?: boolean;
}

/**
 * A monospace text area for JSON that explains what is wrong inline, once the admin leaves the field (not on
 * every keystroke, when half-typed JSON is naturally invalid), and can re-indent valid JSON.
 */
export function JsonEditor({
  label,
  value,
  onChange,
  allowEmpty = false,
  externalError,
  forceShowError = false,
  ...textareaProps
}: JsonEditorProps) {
  const [touched, setTouched] = useState(false);
  const jsonError = jsonErrorOf(value, allowEmpty);
  const shownError = (touched || forceShowError) && jsonError ? jsonError : externalError;

  function format() {
    const parsed = parseJsonText(value);
    if (parsed.ok) onChange(prettyJson(parsed.value));
  }

  return (
    <div>
      <Textarea
        label={label}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        onBlur={() => setTouched(true)}
        error={shownError}
        autosize
        minRows={3}
        maxRows={16}
        spellCheck={false}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        {...textareaProps}
      />
      {!textareaProps.readOnly && !textareaProps.disabled && (
        <Group justify="flex-end" mt={4}>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={format}
            disabled={jsonError !== undefined || value.trim() === ''}
            aria-label={`Format ${label}`}
          >
            Format
          </Button>
        </Group>
      )}
    </div>
  );
}
