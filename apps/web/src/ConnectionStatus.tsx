/**
 * Says, for the whole app, when the API cannot be reached (a restart, a network hiccup): the reads
 * retry by themselves with backoff (main.tsx), the pages keep what they showed, and this status
 * tells the user so and offers to try at once. Gone again as soon as every read has succeeded.
 * A refusal (4xx) is an answer, not a lost connection: the page shows it itself (QueryProblem).
 */
import { useQueryClient, type Query } from '@tanstack/react-query';
import { SecondaryActionButton } from '@utrecht/button-react';
import { useCallback, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAnswer } from './api/client';

/** A read whose last attempt found no API, or an API that could not answer (5xx). */
function lostConnection(query: Query): boolean {
  const { fetchFailureCount, fetchFailureReason, status, fetchStatus } = query.state;
  if (fetchFailureCount === 0) return false;
  if (fetchFailureReason instanceof ProblemAnswer && fetchFailureReason.problem.status < 500) return false;
  return fetchStatus === 'fetching' || status === 'error';
}

export function ConnectionStatus() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const cache = queryClient.getQueryCache();
  const subscribe = useCallback((changed: () => void) => cache.subscribe(changed), [cache]);
  const lost = useSyncExternalStore(subscribe, () => cache.findAll().some(lostConnection));
  // Always in the page, so screen readers hear the message when it appears (a live region must exist first).
  return (
    <div role="status" className="wegwijs-connection">
      {lost && (
        <div className="utrecht-alert utrecht-alert--warning">
          <p className="utrecht-paragraph">{t('app.connectionLost')}</p>
          <SecondaryActionButton onClick={() => void queryClient.refetchQueries({ predicate: lostConnection })}>{t('app.retryNow')}</SecondaryActionButton>
        </div>
      )}
    </div>
  );
}
