import { Alert, Text } from '@mantine/core';
import { PageHeader } from './PageHeader';
import { StartPageLink } from './StartPageLink';

/** Shown instead of a page the signed-in role may not open (the server would refuse its data with 403 too). */
export function NoAccess() {
  return (
    <>
      <PageHeader title="No access" />
      <Alert color="red" variant="light" title="You do not have access to this page" role="alert">
        <Text>
          Your role does not include this part of Ketaclinic. If you need it, ask your clinic's administrator.
        </Text>
      </Alert>
      <StartPageLink />
    </>
  );
}
