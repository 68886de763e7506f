/**
 * The supervisor's stuck list: running trajectories of their municipalities that wait past a norm
 * (a business stall) or whose activities keep failing (a technical stall), with the reason and
 * since when, a link to the trajectory page and one into the Temporal Web UI.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { StuckList } from '../api/views';
import { amsterdamDate, formatDate } from '../i18n';
import { DataTable } from '../components/DataTable';
import { TrajectoryLink } from '../components/TrajectoryLink';
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
        <DataTable
          caption={t('stuck.count', { count: list.trajectories.length })}
          rows={list.trajectories}
          rowKey={(trajectory) => trajectory.trajectoryId}
          columns={[
            {
              header: t('caseload.trajectory'),
              rowHeader: true,
              cell: (trajectory) => <TrajectoryLink trajectoryId={trajectory.trajectoryId} />,
            },
            { header: t('caseload.phase'), cell: (trajectory) => trajectory.phase ?? '—' },
            { header: t('stuck.reason'), cell: (trajectory) => trajectory.reason },
            { header: t('caseload.since'), cell: (trajectory) => (trajectory.waitingSince ? formatDate(amsterdamDate(trajectory.waitingSince), i18n.language) : '—') },
            {
              header: t('stuck.webUi'),
              cell: (trajectory) => (
                <a className="utrecht-link" href={trajectory.webUiUrl} rel="noreferrer" aria-label={t('stuck.openInWebUi', { id: trajectory.trajectoryId })}>
                  {t('stuck.webUi')}
                </a>
              ),
            },
          ]}
        />
      )}
    </>
  );
}
