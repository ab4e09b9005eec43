import { memo } from 'react';
import { MappingEditor } from '../../../../components/MappingEditor/MappingEditor';
import type { EventAttributeInfo, MappingDraft } from '../../../../components/MappingEditor/mapping-model';
import type { FieldErrors } from '../../../../lib/graphql-errors';
import { EditorSection, type SectionToggle } from './EditorSection';

// One element each for every render, so that the section's heading skips rendering while the admin types.
const mappingDescription = (source: string) => (
  <>
    From reads {source} (no <code>body.</code> prefix); To writes <code>customer</code> or an event attribute under{' '}
    <code>data.</code>
  </>
);
const BODY_DESCRIPTION = mappingDescription('the request body');
const SPLIT_DESCRIPTION = mappingDescription('each item');

interface MappingSectionProps {
  value: MappingDraft[];
  onChange: (rows: MappingDraft[]) => void;
  attributes: readonly EventAttributeInfo[] | undefined;
  errors: FieldErrors;
  disabled?: boolean;
  /** The webhook splits the body into items: From then reads each item. */
  split?: boolean;
  section?: SectionToggle;
}

export const MappingSection = memo(function MappingSection({
  value,
  onChange,
  attributes,
  errors,
  disabled,
  split,
  section,
}: MappingSectionProps) {
  return (
    <EditorSection
      title="Mapping"
      {...section}
      summary={
        value.length === 0
          ? 'No mapping yet'
          : `${value.length} ${value.length === 1 ? 'row' : 'rows'}: ${value.map((row) => row.to.trim() || '(no target)').join(', ')}`
      }
      description={split ? SPLIT_DESCRIPTION : BODY_DESCRIPTION}
    >
      <MappingEditor value={value} onChange={onChange} attributes={attributes} errors={errors} disabled={disabled} />
    </EditorSection>
  );
});
