import type { ReactNode } from 'react';
import { Box, Container, Paper, Text } from '@mantine/core';
import { APP_NAME } from '../../components/PageHeader';

/** The frame of the signed-out pages: a header with the product name and one centred card in <main>. */
export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <Box mih="100vh" bg="gray.0">
      <Box component="header" py="md" px="lg" bg="white" className="kc-auth-header">
        <Text fw={700} size="lg" c="clinic.8">
          {APP_NAME}
        </Text>
      </Box>
      <Container component="main" size={440} py={{ base: 'lg', sm: 48 }} px="md" id="main-content">
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'md', sm: 'xl' }}>
          {children}
        </Paper>
      </Container>
    </Box>
  );
}
