import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';

/** The way out of a page that cannot be shown (no access, not found): a link to the start page, on its own line. */
export function StartPageLink() {
  return (
    <Text mt="md">
      <Anchor component={Link} to="/">
        Go to the start page
      </Anchor>
    </Text>
  );
}
