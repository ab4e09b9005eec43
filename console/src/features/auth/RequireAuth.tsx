import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useQuery } from 'urql';
import { loginPathFor } from '../../app/session';
import { ErrorState, LoadingState } from '../../components/QueryStates';
import { graphql } from '../../gql';
import { hasErrorCode } from '../../lib/graphql-errors';
import { ViewerContext } from './viewer-context';

const MeQuery = graphql(`
  query Me {
    me {
      role
      account {
        id
        slug
        name
      }
      user {
        id
        email
      }
    }
  }
`);

/** Everything inside needs a session: without one, go to sign-in and come back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: MeQuery });

  if (hasErrorCode(error, 'UNAUTHENTICATED')) return <Navigate to={loginPathFor(location)} replace />;
  if (data?.me) return <ViewerContext.Provider value={data.me}>{children}</ViewerContext.Provider>;
  if (error) {
    return (
      <ErrorState
        error={error}
        title="Could not load your account"
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    );
  }
  return <LoadingState label={fetching ? 'Checking your session' : 'Loading'} />;
}
