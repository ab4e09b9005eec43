import { TextInput } from '@mantine/core';
import { EditorSection } from './EditorSection';

interface NameSectionProps {
  value: string;
  onChange: (name: string) => void;
  error?: string;
  disabled?: boolean;
}

export function NameSection({ value, onChange, error, disabled }: NameSectionProps) {
  return (
    <EditorSection title="Name">
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
}
