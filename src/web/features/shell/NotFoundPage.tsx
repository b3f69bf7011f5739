import { Text } from '@mantine/core';
import { PageHeader } from '../../components/PageHeader';
import { StartPageLink } from '../../components/StartPageLink';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Text>There is no page at this address. It may have moved, or the link may be mistyped.</Text>
      <StartPageLink />
    </>
  );
}
