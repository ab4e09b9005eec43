import { Button, Code, Group, Stack, Text, Textarea } from '@mantine/core';
import { MAX_EXPRESSION_LENGTH, type JsonObject } from '@intake/rules';
import { useEffect, useState, type ReactNode } from 'react';
import type { ExpressionModule } from './expression-module';
import { previewExpression, type ExpressionPreview } from './expression-preview';

interface ExpressionFieldProps {
  /** The row's number as the editor shows it (1 for the first). */
  number: number;
  expression: string;
  from: string;
  /** The sample body previews run against; null while it is not valid JSON. */
  sample: JsonObject | null;
  /** The JSONata module, once loaded (previews and the full check wait for it). */
  module: ExpressionModule | undefined;
  /** A problem found on save (by the editor or the server), at `mapping[i].expression`. */
  error?: string;
  onChange: (expression: string) => void;
  onRemove: () => void;
  disabled?: boolean;
}

/** Previews run this long after the last keystroke. */
const PREVIEW_DELAY_MS = 200;

function describeValue(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/**
 * A row's expression: JSONata computing the mapped value from `$` (the value at From), `$body` and `$headers`, with
 * the sandbox's problems inline as you type and a preview of the result against the sample body.
 */
export function ExpressionField({
  number,
  expression,
  from,
  sample,
  module,
  error,
  onChange,
  onRemove,
  disabled,
}: ExpressionFieldProps) {
  // The preview of the inputs it was computed for: a stale one (inputs changed since) is not shown.
  const [previewed, setPreviewed] = useState<{ inputs: unknown[]; result: ExpressionPreview }>();
  const inputs = [module, expression, from, sample];
  const preview = previewed && previewed.inputs.every((input, i) => input === inputs[i]) ? previewed.result : undefined;

  useEffect(() => {
    if (!module || !sample || expression.trim() === '') return;
    let current = true;
    const timer = setTimeout(() => {
      void previewExpression(module, expression, from.trim(), sample).then((result) => {
        if (current) setPreviewed({ inputs: [module, expression, from, sample], result });
      });
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [module, expression, from, sample]);

  const problem = error ?? (preview?.kind === 'invalid' ? preview.message : undefined);

  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Textarea
          label="Expression"
          description={
            <>
              JSONata computing the value: <Code>$</Code> is the value at From, <Code>$body</Code> the whole body,{' '}
              <Code>$headers</Code> the headers. Default and replace apply to its result.
            </>
          }
          placeholder="$floor($number($) * 10)"
          value={expression}
          onChange={(event) => onChange(event.currentTarget.value)}
          error={problem}
          disabled={disabled}
          autosize
          minRows={1}
          maxRows={6}
          spellCheck={false}
          style={{ flex: 1 }}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        {!disabled && (
          <Button
            variant="subtle"
            color="gray"
            onClick={onRemove}
            aria-label={`Remove ƒx: the expression of mapping ${number}`}
          >
            Remove ƒx
          </Button>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {expression.length} / {MAX_EXPRESSION_LENGTH} characters
      </Text>
      <PreviewLine
        number={number}
        preview={preview}
        waiting={!module && expression.trim() !== ''}
        sampleInvalid={sample === null}
      />
    </Stack>
  );
}

function PreviewLine({
  number,
  preview,
  waiting,
  sampleInvalid,
}: {
  number: number;
  preview: ExpressionPreview | undefined;
  waiting: boolean;
  sampleInvalid: boolean;
}) {
  let content: ReactNode = null;
  if (sampleInvalid)
    content = (
      <Text size="sm" c="dimmed">
        No preview: the sample body is not valid JSON.
      </Text>
    );
  else if (waiting)
    content = (
      <Text size="sm" c="dimmed">
        Loading the preview…
      </Text>
    );
  else if (preview?.kind === 'value') {
    content = (
      <Text size="sm">
        Result on the sample: <Code>{describeValue(preview.value)}</Code>
      </Text>
    );
  } else if (preview?.kind === 'nothing') {
    content = <Text size="sm">Result on the sample: nothing (the default applies, if the row has one)</Text>;
  } else if (preview?.kind === 'failed') {
    content = (
      <Text size="sm" c="orange.8">
        On the sample: {preview.message} A request like it would be refused (422 EXPRESSION_FAILED).
      </Text>
    );
  }
  return (
    <div role="status" aria-label={`Preview of mapping ${number}`}>
      {content}
    </div>
  );
}
