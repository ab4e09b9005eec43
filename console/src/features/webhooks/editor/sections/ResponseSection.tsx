import { memo } from 'react';
import { SimpleGrid } from '@mantine/core';
import { JsonEditor } from '../../../../components/JsonEditor/JsonEditor';
import { EditorSection, type SectionToggle } from './EditorSection';

export type ResponseField = 'successResponse' | 'errorResponse';

export interface ResponseEditorsProps {
  successResponse: string;
  errorResponse: string;
  onChange: (field: ResponseField, text: string) => void;
  errors: Partial<Record<ResponseField, string>>;
  /** After a save attempt every JSON problem shows, even in a field never visited. */
  showAllErrors?: boolean;
  disabled?: boolean;
}

/** The bodies the sender receives: both must be JSON; empty sends the default body. */
export function ResponseEditors({
  successResponse,
  errorResponse,
  onChange,
  errors,
  showAllErrors,
  disabled,
}: ResponseEditorsProps) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <JsonEditor
        label="Success response"
        description='Sent with 200 when the event is registered. Empty: {"ok":true,"eventId":"…"}'
        placeholder='{"ok": true}'
        value={successResponse}
        onChange={(text) => onChange('successResponse', text)}
        allowEmpty
        externalError={errors.successResponse}
        forceShowError={showAllErrors}
        disabled={disabled}
      />
      <JsonEditor
        label="Error response"
        description='Sent when a request is refused. Empty: {"ok":false,"error":{"code":"…","message":"…"}}'
        placeholder='{"ok": false}'
        value={errorResponse}
        onChange={(text) => onChange('errorResponse', text)}
        allowEmpty
        externalError={errors.errorResponse}
        forceShowError={showAllErrors}
        disabled={disabled}
      />
    </SimpleGrid>
  );
}

const bodyWord = (text: string) => (text.trim() === '' ? 'default' : 'custom');

export const ResponseSection = memo(function ResponseSection({
  section,
  ...props
}: ResponseEditorsProps & { section?: SectionToggle }) {
  return (
    <EditorSection
      title="Response"
      description="What the sending system gets back. Both must be valid JSON."
      {...section}
      summary={`Success: ${bodyWord(props.successResponse)} body; error: ${bodyWord(props.errorResponse)} body`}
    >
      <ResponseEditors {...props} />
    </EditorSection>
  );
});
