/** Entry point: one API client, one query cache, the Mantine theme, the router. */
import '@mantine/core/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiClient, isApiError } from './api/client';
import { ApiProvider } from './api/context';
import { App, createAppRouter } from './App';
import { SessionProvider } from './features/auth/session';
import { cssVariablesResolver, theme } from './theme';

const api = new ApiClient();
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors (403, 404, 400) will not change on a retry; network trouble and 5xx might.
      retry: (failures, error) => !(isApiError(error) && error.status >= 400 && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
  },
});
const router = createAppRouter();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="light"
      forceColorScheme="light"
    >
      <ApiProvider client={api}>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <App router={router} />
          </SessionProvider>
        </QueryClientProvider>
      </ApiProvider>
    </MantineProvider>
  </StrictMode>,
);
