/**
 * The supervisor's incidents: steps of running trajectories in their municipalities whose activity
 * failed for good (a business error, or its retries ran out) and that wait for a repair. Each row
 * names the step, the activity, the error type (never its message, which may name the person),
 * the attempts and since when, and links to the trajectory page where the repairs are.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { IncidentList } from '../api/views';
import { amsterdamDate, formatDate } from '../i18n';
import { QueryProblem } from './QueryProblem';

async function fetchIncidents(): Promise<IncidentList> {
  const { data, error, response } = await api.GET('/supervision/incidents', { params: { query: { limit: 500 } } });
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return data as unknown as IncidentList;
}

export function IncidentsPage() {
  const { t, i18n } = useTranslation();
  const incidents = useQuery({ queryKey: ['incidents'], queryFn: fetchIncidents });
  const list = incidents.data;
  return (
    <>
      <h1 className="utrecht-heading-1">{t('incidents.title')}</h1>
      <p className="utrecht-paragraph">{t('incidents.intro')}</p>
      <QueryProblem query={incidents} />
      {list && list.incidents.length === 0 && <p className="utrecht-paragraph">{t('incidents.empty')}</p>}
      {list && list.incidents.length > 0 && (
        <table className="utrecht-table">
          <caption className="utrecht-table__caption">{t('incidents.count', { count: list.incidents.length })}</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">{t('caseload.trajectory')}</th>
              <th className="utrecht-table__header-cell" scope="col">{t('incidents.step')}</th>
              <th className="utrecht-table__header-cell" scope="col">{t('incidents.activity')}</th>
              <th className="utrecht-table__header-cell" scope="col">{t('incidents.errorType')}</th>
              <th className="utrecht-table__header-cell" scope="col">{t('incidents.attempts')}</th>
              <th className="utrecht-table__header-cell" scope="col">{t('caseload.since')}</th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {list.incidents.map((incident) => (
              <tr className="utrecht-table__row" key={`${incident.trajectoryId}/${incident.incidentId}`}>
                <th className="utrecht-table__header-cell" scope="row">
                  <Link className="utrecht-link" to={`/trajectories/${encodeURIComponent(incident.trajectoryId)}`}>
                    {incident.trajectoryId}
                  </Link>
                </th>
                <td className="utrecht-table__cell">{incident.nodeId}</td>
                <td className="utrecht-table__cell">{incident.activity}</td>
                <td className="utrecht-table__cell">
                  <code>{incident.errorType}</code>
                </td>
                <td className="utrecht-table__cell">{incident.attempts}</td>
                <td className="utrecht-table__cell">{formatDate(amsterdamDate(incident.openedAt), i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list?.truncated && <p className="utrecht-paragraph">{t('incidents.truncated')}</p>}
    </>
  );
}
