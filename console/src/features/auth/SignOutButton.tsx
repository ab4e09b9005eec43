import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router-dom';
import { useMutation } from 'urql';
import { useSession } from '../../app/session';
import { graphql } from '../../gql';
import { describeError } from '../../lib/graphql-errors';
import { paths } from '../../app/paths';

const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);

export function SignOutButton() {
  const navigate = useNavigate();
  const session = useSession();
  const [{ fetching }, logout] = useMutation(LogoutMutation);

  async function signOut() {
    const result = await logout({});
    if (result.error) {
      notifications.show({
        color: 'red',
        role: 'alert',
        title: 'Could not sign out',
        message: describeError(result.error),
      });
      return;
    }
    session.signedOut();
    void navigate(paths.login, { replace: true });
  }

  return (
    <Button variant="default" size="xs" onClick={signOut} loading={fetching}>
      Sign out
    </Button>
  );
}
