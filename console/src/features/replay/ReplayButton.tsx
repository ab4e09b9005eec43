import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { useMutation } from 'urql';
import { OutcomeBadge } from '../../components/Badges';
import { graphql } from '../../gql';
import { describeError } from '../../lib/graphql-errors';

const ReplayRequestMutation = graphql(`
  mutation ReplayRequest($logId: ID!) {
    replayRequest(logId: $logId) {
      id
      outcome
      statusCode
      error
    }
  }
`);

interface ReplayButtonProps {
  logId: string;
  /** Where the new log's detail is. */
  logPath: (logId: string) => string;
}

/**
 * Replays a logged request through the webhook's configuration now (e.g. after fixing its filter): the new log's
 * outcome and a link to it, or why it could not be replayed, inline.
 */
export function ReplayButton({ logId, logPath }: ReplayButtonProps) {
  const [{ data, error, fetching }, replay] = useMutation(ReplayRequestMutation);
  const replayed = data?.replayRequest;
  return (
    <Stack gap="xs" align="flex-start">
      <Group gap="sm">
        <Button variant="light" loading={fetching} onClick={() => void replay({ logId })}>
          Replay
        </Button>
        <Text size="sm" c="dimmed">
          Runs the original request through the webhook as configured now, as a new request.
        </Text>
      </Group>
      {replayed && (
        <Alert color={replayed.outcome === 'PROCESSED' ? 'green' : 'blue'} title="Replayed" w="100%">
          <Group gap="xs">
            <OutcomeBadge outcome={replayed.outcome} />
            <Anchor component={Link} to={logPath(replayed.id)} size="sm">
              Open the new request ({replayed.statusCode})
            </Anchor>
          </Group>
          {replayed.error && (
            <Text size="sm" mt={4}>
              {replayed.error}
            </Text>
          )}
        </Alert>
      )}
      {error && (
        <Alert color="red" title="Could not replay" w="100%">
          {describeError(error)}
        </Alert>
      )}
    </Stack>
  );
}
