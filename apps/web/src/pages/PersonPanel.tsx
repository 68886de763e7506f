/**
 * The person a trajectory is for: name and contact details, read through the trajectory
 * (GET /trajectories/{id}/person) so no person id or name ever goes into a URL. Shown only to the
 * roles that may read the person record; the API decides case by case (a klantmanager only for
 * the cases they hold) and logs each read. BSN and birth date are not shown: the page needs
 * them for nothing.
 */
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { PersonRecordView } from '../api/views';
import { QueryProblem } from './QueryProblem';

async function fetchPerson(trajectoryId: string): Promise<PersonRecordView | null> {
  const { data, error, response } = await api.GET('/trajectories/{trajectoryId}/person', { params: { path: { trajectoryId } } });
  // None linked (or erased): the page says so, it is no failure.
  if (response.status === 404 && (error as { type?: string } | undefined)?.type === '/problems/person-not-found') return null;
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return data as unknown as PersonRecordView;
}

export function PersonPanel({ trajectoryId }: { trajectoryId: string }) {
  const { t, i18n } = useTranslation();
  const person = useQuery({ queryKey: ['trajectory-person', trajectoryId], queryFn: () => fetchPerson(trajectoryId) });
  const languageName = (code: string) => new Intl.DisplayNames([i18n.language], { type: 'language' }).of(code) ?? code;
  return (
    <section className="wegwijs-section" aria-labelledby="person-heading">
      <h2 className="utrecht-heading-2" id="person-heading">
        {t('person.title')}
      </h2>
      <QueryProblem query={person} />
      {person.data === null && <p className="utrecht-paragraph">{t('person.none')}</p>}
      {person.data && (
        <dl className="utrecht-data-list">
          <div className="utrecht-data-list__item">
            <dt className="utrecht-data-list__item-key">{t('person.name')}</dt>
            <dd className="utrecht-data-list__item-value">{person.data.name}</dd>
          </div>
          <div className="utrecht-data-list__item">
            <dt className="utrecht-data-list__item-key">{t('person.email')}</dt>
            <dd className="utrecht-data-list__item-value">
              {person.data.email ? (
                <a className="utrecht-link" href={`mailto:${person.data.email}`}>
                  {person.data.email}
                </a>
              ) : (
                '—'
              )}
            </dd>
          </div>
          <div className="utrecht-data-list__item">
            <dt className="utrecht-data-list__item-key">{t('person.phone')}</dt>
            <dd className="utrecht-data-list__item-value">{person.data.phone ?? '—'}</dd>
          </div>
          <div className="utrecht-data-list__item">
            <dt className="utrecht-data-list__item-key">{t('person.language')}</dt>
            <dd className="utrecht-data-list__item-value">{languageName(person.data.language)}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
