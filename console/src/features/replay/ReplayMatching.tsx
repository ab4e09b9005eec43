import { Alert, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { LogSelectionInput } from '../../gql/graphql';
import { describeError } from '../../lib/graphql-errors';

const ReplayCountQuery = graphql(`
  query ReplayCount($selection: LogSelectionInput!) {
    replayCount(selection: $selection)
  }
`);

/** What the progress bar shows of a job; shared by the mutations and the poll. */
export const ReplayJobFieldsFragment = graphql(`
  fragment ReplayJobFields on ReplayJob {
    id
    status
    total
    done
    processed
    finishedAt
  }
`);

const ReplayRequestsMutation = graphql(`
  mutation ReplayRequests($selection: LogSelectionInput!) {
    replayRequests(selection: $selection) {
      ...ReplayJobFields
    }
  }
`);

const ReplayJobQuery = graphql(`
  query ReplayJob($id: ID!) {
    replayJob(id: $id) {
      ...ReplayJobFields
    }
  }
`);

const CancelReplayJobMutation = graphql(`
  mutation CancelReplayJob($id: ID!) {
    cancelReplayJob(id: $id) {
      ...ReplayJobFields
    }
  }
`);

/** How often the progress bar asks for the job's progress. */
const POLL_MS = 1_000;

interface ReplayMatchingProps {
  selection: LogSelectionInput;
  /** Called when a job ends (the list shows the replays then). */
  onFinished?: () => void;
}

/**
 * "Replay N matching": every log the Logs tab's filter matches, replayed in the background after a confirmation
 * that says how many; then a progress bar, polled until the job is done or cancelled, with Cancel.
 */
export function ReplayMatching({ selection, onFinished }: ReplayMatchingProps) {
  const [{ data: counted }] = useQuery({
    query: ReplayCountQuery,
    variables: { selection },
    requestPolicy: 'cache-and-network',
  });
  const [confirming, setConfirming] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [started, start] = useMutation(ReplayRequestsMutation);
  const count = counted?.replayCount;

  const confirm = async () => {
    const result = await start({ selection });
    setConfirming(false);
    if (result.data) setJobId(result.data.replayRequests.id);
  };

  return (
    <Stack gap="xs">
      <Group>
        <Button variant="light" disabled={!count || jobId !== null} onClick={() => setConfirming(true)}>
          {count === undefined ? 'Replay matching' : `Replay ${count} matching`}
        </Button>
      </Group>
      {started.error && (
        <Alert color="red" title="Could not start the replay">
          {describeError(started.error)}
        </Alert>
      )}
      {jobId && <ReplayProgress jobId={jobId} onFinished={onFinished} onDismiss={() => setJobId(null)} />}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Replay requests" centered>
        <Stack>
          <Text>
            Replay {count} {count === 1 ? 'request' : 'requests'} through the webhook as configured now? Each becomes a
            new request in the log; a request that registered its event is not registered again.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Keep them
            </Button>
            <Button loading={started.fetching} onClick={() => void confirm()}>
              Replay {count}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function ReplayProgress({
  jobId,
  onFinished,
  onDismiss,
}: {
  jobId: string;
  onFinished?: () => void;
  onDismiss: () => void;
}) {
  const [{ data, error }, refetch] = useQuery({
    query: ReplayJobQuery,
    variables: { id: jobId },
    requestPolicy: 'network-only',
  });
  const [cancelled, cancel] = useMutation(CancelReplayJobMutation);
  const job = cancelled.data?.cancelReplayJob ?? data?.replayJob;
  const finished = job?.status === 'DONE' || job?.status === 'CANCELLED';
  // The parent's callback changes with every render of it: called once, when the job ends.
  const finishedCallback = useRef(onFinished);
  useEffect(() => {
    finishedCallback.current = onFinished;
  });

  useEffect(() => {
    if (finished) {
      finishedCallback.current?.();
      return;
    }
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearInterval(timer);
  }, [finished, refetch]);

  if (!job) return error ? <Alert color="red">{describeError(error)}</Alert> : null;
  const percent = job.total === 0 ? 100 : Math.round((job.done / job.total) * 100);
  return (
    <Stack gap={4} aria-label="Replay progress">
      <Group justify="space-between">
        <Text size="sm">
          {job.status === 'DONE'
            ? `Replayed ${job.done} of ${job.total}: ${job.processed} processed.`
            : job.status === 'CANCELLED'
              ? `Cancelled after ${job.done} of ${job.total} (${job.processed} processed).`
              : `Replaying… ${job.done} of ${job.total} (${job.processed} processed)`}
        </Text>
        {finished ? (
          <Button size="compact-sm" variant="subtle" onClick={onDismiss}>
            Dismiss
          </Button>
        ) : (
          <Button
            size="compact-sm"
            variant="default"
            loading={cancelled.fetching}
            onClick={() => void cancel({ id: jobId })}
          >
            Cancel
          </Button>
        )}
      </Group>
      <Progress
        value={percent}
        aria-label={`Replayed ${job.done} of ${job.total}`}
        color={job.status === 'CANCELLED' ? 'gray' : undefined}
        animated={!finished}
      />
      {cancelled.error && <Alert color="red">{describeError(cancelled.error)}</Alert>}
    </Stack>
  );
}
