/**
 * The supervisor's stuck list: running trajectories of their municipalities that wait past a norm
 * (a business stall) or whose activities keep failing (a technical stall), with the reason and
 * since when, a link to the trajectory page and one into the Temporal Web UI.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { StuckList } from '../api/views';
import { amsterdamDate, formatDate } from '../i18n';
import { QueryProblem } from './QueryProblem';

async function fetchStuck(): Promise<StuckList> {
  const { data, error, response } = await api.GET('/supervision/stuck', { params: { query: { limit: 500 } } });
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return data as unknown as StuckList;
}

export function StuckPage() {
  const { t, i18n } = useTranslation();
  const stuck = useQuery({ queryKey: ['stuck'], queryFn: fetchStuck });
  const list = stuck.data;
  return (
    <>
      <h1 className="utrecht-heading-1">{t('stuck.title')}</h1>
      <QueryProblem query={stuck} />
      {list && (
        <p className="utrecht-paragraph">
          <a className="utrecht-link" href={list.webUiUrl} rel="noreferrer">
            {t('stuck.allInWebUi')}
          </a>
        </p>
      )}
      {list && list.trajectories.length === 0 && <p className="utrecht-paragraph">{t('stuck.empty')}</p>}
      {list && list.trajectories.length > 0 && (
        <table className="utrecht-table">
          <caption className="utrecht-table__caption">{t('stuck.count', { count: list.trajectories.length })}</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">{t('caseload.trajectory')}</th>
              <th className="utrecht-table__header-cell" scope="col">{t('caseload.phase')}</th>
              <th className="utrecht-table__header-cell" scope="col">{t('stuck.reason')}</th>
              <th className="utrecht-table__header-cell" scope="col">{t('caseload.since')}</th>
              <th className="utrecht-table__header-cell" scope="col">{t('stuck.webUi')}</th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {list.trajectories.map((trajectory) => (
              <tr className="utrecht-table__row" key={trajectory.trajectoryId}>
                <th className="utrecht-table__header-cell" scope="row">
                  <Link className="utrecht-link" to={`/trajectories/${encodeURIComponent(trajectory.trajectoryId)}`}>
                    {trajectory.trajectoryId}
                  </Link>
                </th>
                <td className="utrecht-table__cell">{trajectory.phase ?? '—'}</td>
                <td className="utrecht-table__cell">{trajectory.reason}</td>
                <td className="utrecht-table__cell">{trajectory.waitingSince ? formatDate(amsterdamDate(trajectory.waitingSince), i18n.language) : '—'}</td>
                <td className="utrecht-table__cell">
                  <a className="utrecht-link" href={trajectory.webUiUrl} rel="noreferrer" aria-label={t('stuck.openInWebUi', { id: trajectory.trajectoryId })}>
                    {t('stuck.webUi')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
