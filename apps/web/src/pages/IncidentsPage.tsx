/**
 * The supervisor's incidents: steps of running trajectories in their municipalities whose activity
 * failed for good (a business error, or its retries ran out) and that wait for a repair. Each row
 * names the step, the activity, the error type (never its message, which may name the person),
 * the attempts and since when, and links to the trajectory page where the repairs are.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { IncidentList } from '../api/views';
import { amsterdamDate, formatDate } from '../i18n';
import { DataTable } from '../components/DataTable';
import { TrajectoryLink } from '../components/TrajectoryLink';
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
        <DataTable
          caption={t('incidents.count', { count: list.incidents.length })}
          rows={list.incidents}
          rowKey={(incident) => `${incident.trajectoryId}/${incident.incidentId}`}
          columns={[
            {
              header: t('caseload.trajectory'),
              rowHeader: true,
              cell: (incident) => <TrajectoryLink trajectoryId={incident.trajectoryId} />,
            },
            { header: t('incidents.step'), cell: (incident) => incident.nodeId },
            { header: t('incidents.activity'), cell: (incident) => incident.activity },
            { header: t('incidents.errorType'), cell: (incident) => <code>{incident.errorType}</code> },
            { header: t('incidents.attempts'), cell: (incident) => incident.attempts, numeric: true },
            { header: t('caseload.since'), cell: (incident) => formatDate(amsterdamDate(incident.openedAt), i18n.language) },
          ]}
        />
      )}
      {list?.truncated && <p className="utrecht-paragraph">{t('incidents.truncated')}</p>}
    </>
  );
}
