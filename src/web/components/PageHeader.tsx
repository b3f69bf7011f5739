import { useEffect, type ReactNode } from 'react';
import { Group, Stack, Text, Title } from '@mantine/core';

export const APP_NAME = 'Ketaclinic';

/** Sets the browser tab's title: "Patients · Ketaclinic". */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ${APP_NAME}` : APP_NAME;
  }, [title]);
}

interface PageHeaderProps {
  readonly title: string;
  /** Text for the browser tab when it should differ from the heading. */
  readonly documentTitle?: string;
  readonly description?: ReactNode;
  /** Buttons on the right (wrap below the title on a phone). */
  readonly actions?: ReactNode;
  /** The heading's id, for aria-labelledby. */
  readonly headingId?: string;
}

/**
 * The page's one <h1> and the document title. The heading takes focus after a client-side navigation
 * (see ClinicShell), so a screen reader announces the new page; tabIndex -1 keeps it out of the Tab order.
 */
export function PageHeader({ title, documentTitle, description, actions, headingId }: PageHeaderProps) {
  useDocumentTitle(documentTitle ?? title);
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm" mb="lg">
      <Stack gap={4}>
        <Title order={1} id={headingId} tabIndex={-1} data-page-heading className="kc-page-heading">
          {title}
        </Title>
        {description ? <Text c="dimmed">{description}</Text> : null}
      </Stack>
      {actions ? <Group gap="sm">{actions}</Group> : null}
    </Group>
  );
}
