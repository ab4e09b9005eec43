import { memo } from 'react';
import { Alert } from '@mantine/core';
import { FilterBuilder } from '../../../../components/FilterBuilder/FilterBuilder';
import { isEmptyFilter, type FilterGroupDraft } from '../../../../components/FilterBuilder/filter-model';
import type { FieldErrors } from '../../../../lib/graphql-errors';
import { EditorSection, type SectionToggle } from './EditorSection';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "3 conditions in 2 groups": the filter as its collapsed section sums it up. */
export function filterSummary(filter: FilterGroupDraft): string {
  if (isEmptyFilter(filter)) return 'No filter: every request is accepted';
  let conditions = 0;
  let groups = 0;
  const count = (group: FilterGroupDraft) => {
    groups += 1;
    conditions += group.conditions.length;
    group.groups.forEach(count);
  };
  count(filter);
  return `${plural(conditions, 'condition')} in ${plural(groups, 'group')}`;
}

// One element for every render, so that the section's heading skips rendering while the admin types.
const DESCRIPTION = (
  <>
    Only requests matching the filter register an event. Read headers with <code>headers.name</code> and the body with{' '}
    <code>body.path.to.value</code>.
  </>
);

interface FilterSectionProps {
  value: FilterGroupDraft;
  onChange: (value: FilterGroupDraft) => void;
  errors: FieldErrors;
  /** False when the stored filter nests deeper than the editor can show: it is then kept as it is. */
  editable: boolean;
  disabled?: boolean;
  section?: SectionToggle;
}

export const FilterSection = memo(function FilterSection({
  value,
  onChange,
  errors,
  editable,
  disabled,
  section,
}: FilterSectionProps) {
  return (
    <EditorSection title="Filters" {...section} summary={filterSummary(value)} description={DESCRIPTION}>
      {!editable && (
        <Alert color="yellow" title="Filter shown in part">
          This filter nests groups deeper than the console can edit. It is kept exactly as it is; change it through the
          API.
        </Alert>
      )}
      <FilterBuilder value={value} onChange={onChange} errors={errors} disabled={disabled || !editable} />
    </EditorSection>
  );
});
