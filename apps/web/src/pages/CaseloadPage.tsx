/**
 * Mijn caseload: the klantmanager's trajectories (a supervisor's or admin's: their
 * municipalities'), with phase, what each waits on and since when, and the next deadline; overdue
 * first, then by deadline. A filter narrows it to the overdue ones (the API's `overdue`).
 */
import { useQuery } from '@tanstack/react-query';
import { Checkbox } from '@utrecht/checkbox-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { TrajectoryListItem, TrajectoryPage } from '../api/views';
import { amsterdamDate, formatDate } from '../i18n';
import { DataTable } from '../components/DataTable';
import { TrajectoryLink } from '../components/TrajectoryLink';
import { QueryProblem } from './QueryProblem';

const PAGE_SIZE = 200;
/** Enough for a klantmanager's or a team's caseload; the list says when there is more. */
const MAX_PAGES = 10;

async function fetchCaseload(overdueOnly: boolean): Promise<TrajectoryListItem[]> {
  const items: TrajectoryListItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data, error, response } = await api.GET('/trajectories', {
      params: { query: { status: 'running', limit: PAGE_SIZE, ...(overdueOnly ? { overdue: true } : {}), ...(cursor ? { cursor } : {}) } },
    });
    if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
    const answer = data as unknown as TrajectoryPage;
    items.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return items.sort(overdueFirst);
}

/** Overdue first; then the nearest deadline; then those without one; ties by id. */
function overdueFirst(a: TrajectoryListItem, b: TrajectoryListItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.nextDeadline !== b.nextDeadline) return a.nextDeadline === null ? 1 : b.nextDeadline === null ? -1 : a.nextDeadline.localeCompare(b.nextDeadline);
  return a.trajectoryId.localeCompare(b.trajectoryId);
}

export function CaseloadPage() {
  const { t, i18n } = useTranslation();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const caseload = useQuery({ queryKey: ['caseload', overdueOnly], queryFn: () => fetchCaseload(overdueOnly), placeholderData: (previous) => previous });
  const items = caseload.data ?? [];
  return (
    <>
      <h1 className="utrecht-heading-1">{t('caseload.title')}</h1>
      <div className="utrecht-form-field utrecht-form-field--checkbox">
        <Checkbox id="overdue-only" checked={overdueOnly} onChange={(event) => setOverdueOnly(event.target.checked)} />
        <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor="overdue-only">
          {t('caseload.overdueOnly')}
        </label>
      </div>
      <QueryProblem query={caseload} />
      {caseload.isSuccess && items.length === 0 && <p className="utrecht-paragraph">{t('caseload.empty')}</p>}
      {items.length > 0 && (
        <DataTable
          caption={t('caseload.count', { count: items.length })}
          rows={items}
          rowKey={(item) => item.trajectoryId}
          columns={[
            {
              header: t('caseload.trajectory'),
              rowHeader: true,
              cell: (item) => <TrajectoryLink trajectoryId={item.trajectoryId} />,
            },
            { header: t('caseload.phase'), cell: (item) => item.phase ?? '—' },
            { header: t('caseload.waitingOn'), cell: (item) => item.waitingOn.join(', ') || '—' },
            { header: t('caseload.since'), cell: (item) => (item.waitingSince ? formatDate(amsterdamDate(item.waitingSince), i18n.language) : '—') },
            { header: t('caseload.nextDeadline'), cell: (item) => formatDate(item.nextDeadline, i18n.language) },
            { header: t('caseload.state'), cell: (item) => (item.overdue ? <strong className="utrecht-data-badge">{t('caseload.overdue')}</strong> : t('caseload.onTime')) },
          ]}
        />
      )}
    </>
  );
}
