import { MappingEditor } from '../../../../components/MappingEditor/MappingEditor';
import type { EventAttributeInfo, MappingDraft } from '../../../../components/MappingEditor/mapping-model';
import type { FieldErrors } from '../../../../lib/graphql-errors';
import { EditorSection } from './EditorSection';

interface MappingSectionProps {
  value: MappingDraft[];
  onChange: (rows: MappingDraft[]) => void;
  attributes: readonly EventAttributeInfo[] | undefined;
  errors: FieldErrors;
  disabled?: boolean;
  /** The webhook splits the body into items: From then reads each item. */
  split?: boolean;
}

export function MappingSection({ value, onChange, attributes, errors, disabled, split }: MappingSectionProps) {
  return (
    <EditorSection
      title="Mapping"
      description={
        <>
          From reads {split ? 'each item' : 'the request body'} (no <code>body.</code> prefix); To writes{' '}
          <code>customer</code> or an event attribute under <code>data.</code>
        </>
      }
    >
      <MappingEditor value={value} onChange={onChange} attributes={attributes} errors={errors} disabled={disabled} />
    </EditorSection>
  );
}
