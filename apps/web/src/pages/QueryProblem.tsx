import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAnswer } from '../api/client';

/** What a read says while it fails: retrying (API unreachable or restarting), or the API's refusal. */
export function QueryProblem({ query }: { query: UseQueryResult<unknown> }) {
  const { t } = useTranslation();
  if (query.isError && query.error instanceof ProblemAnswer) {
    const { problem } = query.error;
    return (
      <div className="utrecht-alert utrecht-alert--error" role="alert">
        <p className="utrecht-paragraph">{problem.status === 404 ? t('errors.notFound') : t('errors.generic', { detail: problem.detail || problem.title })}</p>
      </div>
    );
  }
  if (query.failureCount > 0 && (query.isFetching || query.isError)) {
    return (
      <div className="utrecht-alert utrecht-alert--warning" role="status">
        <p className="utrecht-paragraph">{t('app.retrying')}</p>
      </div>
    );
  }
  return null;
}
