import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAnswer } from '../api/client';
import { problemMessage } from '../api/problem-messages';

/** The API's refusal of a read, in the user's language; a lost connection the app says once, for every read (ConnectionStatus). */
export function QueryProblem({ query }: { query: UseQueryResult<unknown> }) {
  const { t, i18n } = useTranslation();
  if (query.isError && query.error instanceof ProblemAnswer && query.error.problem.status < 500) {
    const { problem } = query.error;
    return (
      <div className="utrecht-alert utrecht-alert--error" role="alert">
        <p className="utrecht-paragraph">{problem.status === 404 ? t('errors.notFound') : problemMessage(problem, t, i18n.language)}</p>
      </div>
    );
  }
  return null;
}
