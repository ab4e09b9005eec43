import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { useMutation, type TypedDocumentNode } from 'urql';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { describeError } from '../../lib/graphql-errors';

interface ConfirmRemovalProps<Item extends { id: string }> {
  /** What is being removed, while the dialog is open; null when it is closed. */
  item: Item | null;
  onClose: () => void;
  /** The mutation that removes (or revokes) by id. */
  mutation: TypedDocumentNode<unknown, { id: string }>;
  title: string;
  /** The dialog's button: a verb and its object, e.g. "Revoke key". */
  confirmLabel: string;
  /** The title of the red notification when the server refuses. */
  failedTitle: string;
  /** The green notification once it is done. */
  done: (item: Item) => { title: string; message: string };
  /** What removing means, in the dialog. */
  children: ReactNode;
}

/**
 * Removing something from the account (revoking a key, removing a user): asked first, with the focus on Cancel;
 * then the mutation, and a notification of how it went. The dialog closes either way.
 */
export function ConfirmRemoval<Item extends { id: string }>({
  item,
  onClose,
  mutation,
  title,
  confirmLabel,
  failedTitle,
  done,
  children,
}: ConfirmRemovalProps<Item>) {
  const [{ fetching }, remove] = useMutation(mutation);

  async function confirm(removed: Item) {
    const result = await remove({ id: removed.id });
    onClose();
    if (result.error) {
      notifications.show({ color: 'red', role: 'alert', title: failedTitle, message: describeError(result.error) });
      return;
    }
    notifications.show({ color: 'green', ...done(removed) });
  }

  return (
    <ConfirmDialog
      opened={item !== null}
      title={title}
      confirmLabel={confirmLabel}
      destructive
      loading={fetching}
      onConfirm={() => item && void confirm(item)}
      onCancel={onClose}
    >
      {children}
    </ConfirmDialog>
  );
}

/** The small button on a row that opens its removal dialog: "Revoke" labelled "Revoke <name>" for screen readers. */
export function RemoveButton({ verb, name, onClick }: { verb: string; name: string; onClick: () => void }) {
  return (
    <Button size="xs" variant="default" aria-label={`${verb} ${name}`} onClick={onClick}>
      {verb}
    </Button>
  );
}
