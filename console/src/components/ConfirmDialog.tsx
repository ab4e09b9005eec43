import { Button, Group, Modal, Text } from '@mantine/core';
import type { ReactNode } from 'react';

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  /** What the button does, as a verb and its object ("Archive webhook", "Revoke key") — never "Confirm" or "OK". */
  confirmLabel: string;
  cancelLabel?: string;
  confirmColor?: string;
  /**
   * The action destroys or cannot be undone (archive, revoke, remove, discard): the dialog opens with the focus on
   * Cancel, so an Enter pressed out of habit does not do it. Red actions are destructive unless told otherwise.
   */
  destructive?: boolean;
  loading?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Every consequential action asks first, naming the action on its button. */
export function ConfirmDialog({
  opened,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  confirmColor,
  destructive = confirmColor === 'red',
  loading,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  return (
    <Modal opened={opened} onClose={onCancel} title={title} centered>
      {typeof children === 'string' ? <Text size="sm">{children}</Text> : children}
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onCancel} disabled={loading} data-autofocus={destructive || undefined}>
          {cancelLabel}
        </Button>
        <Button
          color={confirmColor ?? (destructive ? 'red' : undefined)}
          onClick={onConfirm}
          loading={loading}
          data-autofocus={!destructive || undefined}
        >
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
