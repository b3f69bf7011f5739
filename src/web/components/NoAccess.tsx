import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from './PageHeader';

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
      <Text mt="md">
        <Anchor component={Link} to="/">
          Go to the start page
        </Anchor>
      </Text>
    </>
  );
}
