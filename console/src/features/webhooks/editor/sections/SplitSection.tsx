import { memo } from 'react';
import { TextInput } from '@mantine/core';
import { EditorSection, type SectionToggle } from './EditorSection';

interface SplitSectionProps {
  value: string;
  onChange: (splitOn: string) => void;
  error?: string;
  disabled?: boolean;
  section?: SectionToggle;
}

/**
 * Fan-out: the list in the body whose items each become one event. Placed right before Mapping because it changes
 * what the mapping reads.
 */
export const SplitSection = memo(function SplitSection({
  value,
  onChange,
  error,
  disabled,
  section,
}: SplitSectionProps) {
  return (
    <EditorSection
      title="Items"
      {...section}
      summary={value.trim() ? `Each item of ${value.trim()} becomes one event` : 'One event per request'}
    >
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
});
