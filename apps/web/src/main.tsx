import '@utrecht/component-library-css/dist/index.css';
import '@utrecht/design-tokens/dist/index.css';
import './theme.css';
import './i18n';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AuthProvider } from './auth';
import { ProblemAnswer } from './api/client';

/**
 * Reads retry while the API cannot be reached or is unavailable (a restart, a deployment): with
 * backoff up to every 5 s, for as long as the page is open, which keeps what it shows and says it
 * is trying again (ConnectionStatus), rather than going blank. A 4xx is an answer, not retried; an
 * internal error (500) is tried a few times only, since trying again rarely mends it.
 */
function shouldRetry(failures: number, error: Error): boolean {
  if (!(error instanceof ProblemAnswer)) return true;
  if (error.problem.status < 500) return false;
  return error.problem.status !== 500 || failures < 3;
}

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: shouldRetry,
      retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 5000),
      refetchOnWindowFocus: false,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <App />
      </AuthProvider>
    </QueryClientProvider>
  </StrictMode>,
);
