import { Radio, Stack } from '@mantine/core';
import type { Role } from '../../gql/graphql';

export const ROLE_LABELS: Record<Role, string> = { ADMIN: 'Admin', READER: 'Reader' };

const ROLE_DESCRIPTIONS: Record<Role, string> = {
  ADMIN: 'May change everything: webhooks, secrets, API keys and users.',
  READER: 'May look at webhooks, logs and customers, and change nothing.',
};

/** Admin or Reader, each with what it may do. */
export function RoleRadios({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  return (
    <Radio.Group label="Role" value={value} onChange={(next) => onChange(next as Role)}>
      <Stack gap="xs" mt="xs">
        {(['READER', 'ADMIN'] as const).map((role) => (
          <Radio key={role} value={role} label={ROLE_LABELS[role]} description={ROLE_DESCRIPTIONS[role]} />
        ))}
      </Stack>
    </Radio.Group>
  );
}
