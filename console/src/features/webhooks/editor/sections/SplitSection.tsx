import { TextInput } from '@mantine/core';
import { EditorSection } from './EditorSection';

interface SplitSectionProps {
  value: string;
  onChange: (splitOn: string) => void;
  error?: string;
  disabled?: boolean;
}

/**
 * Fan-out: the list in the body whose items each become one event. Placed right before Mapping because it changes
 * what the mapping reads.
 */
export function SplitSection({ value, onChange, error, disabled }: SplitSectionProps) {
  return (
    <EditorSection title="Items">
      <TextInput
        label="Split into items"
        description={
          <>
            Optional. Each item of this list becomes one event: mapping paths are read from the item, and in expressions{' '}
            <code>$parent</code> is the whole body. Leave empty for one event per request.
          </>
        }
        placeholder="body.line_items"
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        error={error}
        disabled={disabled}
        maw={480}
      />
    </EditorSection>
  );
}
