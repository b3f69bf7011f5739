import { useEffect } from 'react';
import { Box, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context';

/**
 * On a demo install (the server's /api/health says `demo: true`) every page, the sign-in page and the patient's
 * questionnaire page included, carries this warning: the demo accounts' passwords are published. It sits fixed
 * at the bottom of the window (the signed-in shell's header is fixed at the top) and lets clicks through.
 */
export function DemoBanner() {
  const api = useApi();
  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => api.get<{ demo?: boolean }>('/api/health', { signOutOn401: false }),
    staleTime: 5 * 60_000,
  });
  const isDemo = health.data?.demo === true;
  // The page ends with room for the banner (styles.css), so its last lines scroll clear of it instead of under it.
  useEffect(() => {
    if (!isDemo) return undefined;
    document.body.classList.add('kc-has-demo-banner');
    return () => document.body.classList.remove('kc-has-demo-banner');
  }, [isDemo]);
  if (!isDemo) return null;
  return (
    <Box
      component="aside"
      aria-label="Demo clinic warning"
      data-testid="demo-banner"
      bg="yellow.2"
      px="md"
      py={4}
      style={{
        position: 'fixed',
        left: 0,
        right: 0,
        bottom: 0,
        zIndex: 1000,
        pointerEvents: 'none',
        borderTop: '1px solid var(--mantine-color-yellow-6)',
      }}
    >
      <Text size="sm" fw={600} ta="center" c="dark.9">
        Demo clinic: published passwords, not for patient data
      </Text>
    </Box>
  );
}
