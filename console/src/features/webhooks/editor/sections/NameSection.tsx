import { memo } from 'react';
import { TextInput } from '@mantine/core';
import { EditorSection, type SectionToggle } from './EditorSection';

interface NameSectionProps {
  value: string;
  onChange: (name: string) => void;
  error?: string;
  disabled?: boolean;
  section?: SectionToggle;
}

export const NameSection = memo(function NameSection({ value, onChange, error, disabled, section }: NameSectionProps) {
  return (
    <EditorSection title="Name" {...section} summary={value.trim() || 'No name yet'}>
      <TextInput
        label="Name"
        description="Shown in the webhook list; e.g. the sending system and what it sends."
        placeholder="Point add"
        required
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        error={error}
        disabled={disabled}
        maw={480}
      />
    </EditorSection>
  );
});
