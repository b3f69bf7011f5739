/**
 * The buttons under a clinical note being written: "Save draft" (when something changed and there is text) and
 * "Sign note", which asks first, since signing locks the note and later corrections are addenda. Signing saves
 * unsaved changes as a new draft version first, and does not sign if that save fails. `children` is what the
 * confirmation says will be signed.
 */
import type { ReactNode } from 'react';
import { Button, Group } from '@mantine/core';
import { ConfirmAction } from './ConfirmAction';

export interface NoteDraftActionsProps {
  readonly isDirty: boolean;
  readonly hasText: boolean;
  /** Whether the note is complete enough to sign (its text, and anything else the note needs). */
  readonly isReadyToSign: boolean;
  /** Saves the draft as a new version; resolves false when the save failed. */
  readonly saveDraft: () => Promise<boolean>;
  readonly isSaving: boolean;
  readonly onDraftSaved: () => void;
  readonly sign: () => void;
  readonly isSigning: boolean;
  /** The confirmation's title: "Sign this therapy note?". */
  readonly confirmTitle: string;
  readonly children: ReactNode;
}

export function NoteDraftActions({
  isDirty,
  hasText,
  isReadyToSign,
  saveDraft,
  isSaving,
  onDraftSaved,
  sign,
  isSigning,
  confirmTitle,
  children,
}: NoteDraftActionsProps) {
  return (
    <Group>
      <Button
        variant="light"
        disabled={!isDirty || !hasText}
        loading={isSaving}
        onClick={() => {
          void saveDraft().then((ok) => ok && onDraftSaved());
        }}
      >
        Save draft
      </Button>
      <ConfirmAction
        label="Sign note"
        buttonProps={{ color: 'dark', loading: isSigning, disabled: !isReadyToSign }}
        title={confirmTitle}
        confirmLabel="Sign note"
        finality="This cannot be undone: the signed note is locked, and corrections are addenda."
        onConfirm={() => {
          void (async () => {
            if (isDirty && !(await saveDraft())) return;
            sign();
          })();
        }}
      >
        {children}
      </ConfirmAction>
    </Group>
  );
}
