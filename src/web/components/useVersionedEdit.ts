import { useState } from 'react';
import { isApiError } from '../api/client';

/**
 * Editing a record that is saved as versions (the patient's details, the intake): whether the form is open, the
 * version the last save made (for a "now version N" notice), and whether the save was refused because someone else
 * saved first (409). After such a conflict, `reloadLatest` loads the latest version and `formKey` changes, so the
 * form starts again from it.
 */
export function useVersionedEdit(
  save: { readonly error: unknown; readonly reset: () => void },
  onReload: () => Promise<unknown>,
) {
  const [isEditing, setIsEditing] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [savedVersion, setSavedVersion] = useState<number | undefined>();
  return {
    isEditing,
    formKey,
    savedVersion,
    isConflict: isApiError(save.error) && save.error.status === 409,
    start: () => {
      save.reset();
      setSavedVersion(undefined);
      setIsEditing(true);
    },
    cancel: () => {
      save.reset();
      setIsEditing(false);
    },
    /** After a successful save: closes the form and remembers the new version. */
    saved: (version: number | undefined) => {
      setSavedVersion(version);
      setIsEditing(false);
    },
    reloadLatest: async () => {
      await onReload();
      save.reset();
      setFormKey((k) => k + 1);
    },
  };
}
