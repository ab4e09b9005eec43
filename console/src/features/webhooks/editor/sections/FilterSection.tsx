import { Alert } from '@mantine/core';
import { FilterBuilder } from '../../../../components/FilterBuilder/FilterBuilder';
import type { FilterGroupDraft } from '../../../../components/FilterBuilder/filter-model';
import type { FieldErrors } from '../../../../lib/graphql-errors';
import { EditorSection } from './EditorSection';

interface FilterSectionProps {
  value: FilterGroupDraft;
  onChange: (value: FilterGroupDraft) => void;
  errors: FieldErrors;
  /** False when the stored filter nests deeper than the editor can show: it is then kept as it is. */
  editable: boolean;
  disabled?: boolean;
}

export function FilterSection({ value, onChange, errors, editable, disabled }: FilterSectionProps) {
  return (
    <EditorSection
      title="Filters"
      description={
        <>
          Only requests matching the filter register an event. Read headers with <code>headers.name</code> and the body
          with <code>body.path.to.value</code>.
        </>
      }
    >
      {!editable && (
        <Alert color="yellow" title="Filter shown in part">
          This filter nests groups deeper than the console can edit. It is kept exactly as it is; change it through the
          API.
        </Alert>
      )}
      <FilterBuilder value={value} onChange={onChange} errors={errors} disabled={disabled || !editable} />
    </EditorSection>
  );
}
