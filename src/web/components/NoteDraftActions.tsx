/**
 * The buttons under a clinical note being written: "Save draft" (when something changed and there is text) and
 * "Sign note", which asks first, since signing locks the note and later corrections are addenda. Signing saves
 * unsaved changes as a new draft version first, and does not sign if that save fails. `children` is what the
 * confirmation says will be signed.
 *
 * `useNoteDraft(source)` holds the text being written: it follows `source` (the saved draft, or what the record
 * composes) until the user edits it, and again once their edits are saved. `<NoteTextarea draft={draft} />` is the
 * field it is written in.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Group, Textarea, type TextareaProps } from '@mantine/core';
import { ConfirmAction } from './ConfirmAction';

export interface NoteDraft {
  readonly body: string;
  /** Edited since the last save (or since the text was loaded). */
  readonly isDirty: boolean;
  /** The user typed, or replaced the text. */
  readonly edit: (body: string) => void;
  /** Something else the draft saves (its kind of note…) was changed. */
  readonly markEdited: () => void;
  /** Runs `save` (a new draft version of `body`); true when it succeeded, and the text follows `source` again. */
  readonly save: (save: () => Promise<unknown>) => Promise<boolean>;
}

export function useNoteDraft(source: string): NoteDraft {
  const [body, setBody] = useState('');
  const [isDirty, setDirty] = useState(false);
  useEffect(() => {
    if (!isDirty) setBody(source);
  }, [source, isDirty]);
  return {
    body,
    isDirty,
    edit: (text) => {
      setBody(text);
      setDirty(true);
    },
    markEdited: () => setDirty(true),
    save: async (save) => {
      try {
        await save();
        setDirty(false);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** The note's text, a field that grows with it (at most 50,000 characters). */
export function NoteTextarea({
  draft,
  ...props
}: Omit<TextareaProps, 'value' | 'onChange'> & { readonly draft: NoteDraft }) {
  return (
    <Textarea
      {...props}
      value={draft.body}
      onChange={(e) => draft.edit(e.currentTarget.value)}
      autosize
      maxLength={50000}
    />
  );
}

export interface NoteDraftActionsProps {
  readonly draft: NoteDraft;
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
  draft: { isDirty, body },
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
        disabled={!isDirty || !body.trim()}
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
