import { useEffect, useRef, type ReactNode } from 'react';
import { Alert, Box, Container, Text, Title } from '@mantine/core';
import { isApiError } from '../api/client';
import { errorMessage } from './ErrorAlert';
import { LoadingState } from './LoadingState';
import { useDocumentTitle } from './PageHeader';

/**
 * A page a patient opens from a single-use link (a questionnaire, the self-intake form): no account, no menu, sized
 * for a phone. Shows a spinner while the link is read, says plainly when the link does not work, and otherwise
 * hands what the link gave to `children`.
 */
export function PublicLinkPage<T>({
  query,
  title,
  loading,
  linkName,
  children,
}: {
  readonly query: { readonly isPending: boolean; readonly isError: boolean; readonly error: unknown; data?: T };
  /** The heading while the link is read: "Your intake". */
  readonly title: string;
  /** The spinner's words: "Loading your form…". */
  readonly loading: string;
  /** What the patient was sent, in "This … cannot be opened": "questionnaire link". */
  readonly linkName: string;
  readonly children: (data: T) => ReactNode;
}) {
  return (
    <Container size={640} px="sm" py="md">
      <Box component="main" id="main-content">
        {query.isPending ? (
          <>
            <PublicHeading title={title} />
            <LoadingState label={loading} />
          </>
        ) : null}
        {query.isError ? (
          <>
            <PublicHeading title="This link does not work" />
            <Alert color="red" variant="light" role="alert" title={`This ${linkName} cannot be opened`}>
              <Text>
                {isApiError(query.error) && query.error.status === 404
                  ? `This ${linkName} is not valid. Please check the link or contact your clinic.`
                  : errorMessage(query.error)}
              </Text>
            </Alert>
          </>
        ) : null}
        {query.data !== undefined ? children(query.data) : null}
      </Box>
    </Container>
  );
}

/** The heading of a public link's page, which names the browser tab; `focus` moves the screen reader to it. */
export function PublicHeading({
  title,
  focus = false,
  id,
  color,
}: {
  title: string;
  focus?: boolean;
  id?: string;
  color?: string;
}) {
  useDocumentTitle(title);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) {
      window.scrollTo(0, 0);
      ref.current?.focus();
    }
  }, [focus]);
  return (
    <Title order={1} ref={ref} id={id} c={color} tabIndex={-1} mb="md" className="kc-page-heading" size="h2">
      {title}
    </Title>
  );
}
