/**
 * The progress report for beleid (and supervisors, admins): a period and municipality, the
 * report's sections as tables shaped like the seed's (Haarlem's 2019 voortgangsrapportage: a row
 * per figure, a column per municipality, the total), each drawn as a chart below it, the cohort
 * table, what the seed reports that Wegwijs does not know, and the CSV the API makes, to download.
 * Counts of 1–4 show as the API gives them (`<5`), in tables, charts and CSV alike: the API
 * suppresses, the app never sees the small number.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PrimaryActionButton, SecondaryActionButton } from '@utrecht/button-react';
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ProblemAnswer, problemOf } from '../api/client';
import { fieldProblemMessage, problemMessage } from '../api/problem-messages';
import type { ProgressReport, ReportCohort } from '../api/views';
import { useAuth } from '../auth';
import { amsterdamDate } from '../i18n';
import { InputField } from './fields';
import { QueryProblem } from './QueryProblem';
import { FormError } from './refusable-form';

// The chart library is a large part of a bundle: only the report page loads it, when it shows a report.
const ReportChart = lazy(() => import('./ReportChart'));

/** Figures of the seed report Wegwijs has no data for (i18n keys under report.lacking). */
const LACKING_FIGURES = ['housingTarget', 'nationalities', 'debtRelief', 'chainPartners', 'benefitOutflow', 'formerInburgering'] as const;

interface Period {
  readonly from: string;
  readonly to: string;
  readonly municipality: string;
}

async function fetchReport(period: Period): Promise<ProgressReport> {
  const { data, error, response } = await api.GET('/reports/progress', { params: { query: { ...period, format: 'json' } } });
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return data as unknown as ProgressReport;
}

export function ReportPage() {
  const { t, i18n } = useTranslation();
  // The API words figures as the seed does (Dutch); English users get them translated where known.
  const rowLabel = (rowId: string, label: string) => t(`report.rows.${rowId}`, { defaultValue: label });
  const sectionTitle = (sectionId: string, title: string) => t(`report.sections.${sectionId}`, { defaultValue: title });
  const { state } = useAuth();
  const municipalities = state.status === 'signedIn' ? state.user.municipalities : [];
  const today = amsterdamDate(new Date().toISOString());
  const [draft, setDraft] = useState<Period>({ from: `${today.slice(0, 4)}-01-01`, to: today, municipality: municipalities.join(',') });
  const [period, setPeriod] = useState<Period>(draft);
  const report = useQuery({ queryKey: ['report', period], queryFn: () => fetchReport(period) });
  const [downloadProblem, setDownloadProblem] = useState<string>();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof Period, string>>>({});
  const [formError, setFormError] = useState<string>();

  async function downloadCsv() {
    setDownloadProblem(undefined);
    const { data, error, response } = await api.GET('/reports/progress', { params: { query: { ...period, format: 'csv' } }, parseAs: 'blob' });
    if (!response.ok || !data) {
      setDownloadProblem(problemMessage(problemOf(error, response.status), t, i18n.language));
      return;
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(data as Blob);
    link.download = `voortgang-${period.municipality.replace(/,/g, '-')}-${period.from}-${period.to}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  // A period is shown only once the API has accepted it: a refused one leaves the report (and
  // its CSV) as they were, and what was typed where it was, the API's message at its field.
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(undefined);
    try {
      await queryClient.fetchQuery({ queryKey: ['report', draft], queryFn: () => fetchReport(draft), retry: false });
      setFieldErrors({});
      setPeriod(draft);
    } catch (error) {
      if (!(error instanceof ProblemAnswer)) {
        setFieldErrors({});
        setFormError(t('form.unreachable'));
        return;
      }
      const { problem } = error;
      const atFields: Partial<Record<keyof Period, string>> = {};
      for (const { field, message } of problem.errors ?? []) {
        if (field === 'from' || field === 'to' || field === 'municipality') atFields[field] ??= fieldProblemMessage(message, t, i18n.language);
      }
      if (problem.type === '/problems/outside-municipality') atFields.municipality = problemMessage(problem, t, i18n.language);
      setFieldErrors(atFields);
      if (Object.keys(atFields).length === 0) setFormError(problemMessage(problem, t, i18n.language));
    }
  };
  // After a refusal the keyboard goes to the first field it names, or to the message.
  useEffect(() => {
    if (Object.keys(fieldErrors).length > 0 || formError) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]')?.focus();
  }, [fieldErrors, formError]);
  const field = (name: keyof Period, label: string, type: string) => (
    <InputField id={`report-${name}`} label={label} type={type} value={draft[name]} error={fieldErrors[name]} onChange={(value) => setDraft({ ...draft, [name]: value })} />
  );
  return (
    <>
      <h1 className="utrecht-heading-1">{t('report.title')}</h1>
      <form className="wegwijs-report-form" ref={formRef} onSubmit={(event) => void submit(event)} noValidate>
        {field('from', t('report.from'), 'date')}
        {field('to', t('report.to'), 'date')}
        {field('municipality', t('report.municipality'), 'text')}
        <PrimaryActionButton type="submit">{t('report.show')}</PrimaryActionButton>
      </form>
      <FormError message={formError} />
      <QueryProblem query={report} />
      {report.data && (
        <>
          <p className="utrecht-paragraph">{t('report.suppressionNote')}</p>
          <p className="utrecht-paragraph">
            <SecondaryActionButton onClick={() => void downloadCsv()}>{t('report.downloadCsv')}</SecondaryActionButton>
          </p>
          {downloadProblem && (
            <div className="utrecht-alert utrecht-alert--error" role="alert">
              <p className="utrecht-paragraph">{downloadProblem}</p>
            </div>
          )}
          {report.data.sections.map((section) => (
            <section className="wegwijs-section" key={section.id} aria-labelledby={`section-${section.id}`}>
              <h2 className="utrecht-heading-2" id={`section-${section.id}`}>
                {section.source} {sectionTitle(section.id, section.title)}
              </h2>
              <table className="utrecht-table" id={`table-${section.id}`} aria-labelledby={`section-${section.id}`}>
                <thead className="utrecht-table__header">
                  <tr className="utrecht-table__row">
                    <th className="utrecht-table__header-cell" scope="col">{t('report.figure')}</th>
                    {report.data.municipalities.map((code) => (
                      <th className="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col" key={code}>
                        {code}
                      </th>
                    ))}
                    <th className="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col">{t('report.total')}</th>
                  </tr>
                </thead>
                <tbody className="utrecht-table__body">
                  {section.rows.map((row) => (
                    <tr className="utrecht-table__row" key={row.id}>
                      <th className="utrecht-table__header-cell" scope="row">{rowLabel(row.id, row.label)}</th>
                      {report.data.municipalities.map((code) => (
                        <td className="utrecht-table__cell utrecht-table__cell--numeric" key={code}>
                          {String(row.counts[code] ?? '—')}
                        </td>
                      ))}
                      <td className="utrecht-table__cell utrecht-table__cell--numeric">{String(row.total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <Suspense fallback={<p className="utrecht-paragraph">{t('report.chartLoading')}</p>}>
                <ReportChart section={section} municipalities={report.data.municipalities} tableId={`table-${section.id}`} labelOf={rowLabel} />
              </Suspense>
            </section>
          ))}
          <CohortTable cohorts={report.data.cohorts} cohortBy={report.data.cohortBy} />
          <section className="wegwijs-section" aria-labelledby="section-lacking">
            <h2 className="utrecht-heading-2" id="section-lacking">
              {t('report.lackingTitle')}
            </h2>
            <p className="utrecht-paragraph">{t('report.lackingIntro')}</p>
            <ul className="utrecht-unordered-list">
              {LACKING_FIGURES.map((figure) => (
                <li className="utrecht-unordered-list__item" key={figure}>
                  {t(`report.lacking.${figure}`)}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}

/**
 * Per arrival cohort (quarter or month of housing): how many were housed, and per milestone how
 * many reached it by the reference date and the median days from housing (left out under 5).
 */
function CohortTable({ cohorts, cohortBy }: { readonly cohorts: readonly ReportCohort[]; readonly cohortBy: 'quarter' | 'month' }) {
  const { t } = useTranslation();
  const milestones = Object.entries(cohorts[0]?.milestones ?? {}).map(([milestone, { label }]) => ({ milestone, label }));
  return (
    <section className="wegwijs-section" aria-labelledby="section-cohorts">
      <h2 className="utrecht-heading-2" id="section-cohorts">
        {t('report.cohortsTitle')}
      </h2>
      <p className="utrecht-paragraph">{t(cohortBy === 'quarter' ? 'report.cohortsIntroQuarter' : 'report.cohortsIntroMonth')}</p>
      {cohorts.length === 0 ? (
        <p className="utrecht-paragraph">{t('report.cohortsEmpty')}</p>
      ) : (
        // Wide: it scrolls sideways on its own, and takes the focus so the keyboard can scroll it.
        <div className="wegwijs-scroll" role="region" aria-labelledby="section-cohorts" tabIndex={0}>
          <table className="utrecht-table" aria-labelledby="section-cohorts">
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th className="utrecht-table__header-cell" scope="col" rowSpan={2}>
                  {t('report.cohort')}
                </th>
                <th className="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col" rowSpan={2}>
                  {t('report.housed')}
                </th>
                {milestones.map(({ milestone, label }) => (
                  <th className="utrecht-table__header-cell" scope="colgroup" colSpan={2} key={milestone}>
                    {t(`report.cohortMilestones.${milestone}`, { defaultValue: label })}
                  </th>
                ))}
              </tr>
              <tr className="utrecht-table__row">
                {milestones.flatMap(({ milestone }) => [
                  <th className="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col" key={`${milestone}-reached`}>
                    {t('report.reached')}
                  </th>,
                  <th className="utrecht-table__header-cell utrecht-table__header-cell--numeric" scope="col" key={`${milestone}-median`}>
                    {t('report.medianDays')}
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {cohorts.map((cohort) => (
                <tr className="utrecht-table__row" key={cohort.cohort}>
                  <th className="utrecht-table__header-cell" scope="row">
                    {cohort.cohort}
                  </th>
                  <td className="utrecht-table__cell utrecht-table__cell--numeric">{String(cohort.housed)}</td>
                  {milestones.flatMap(({ milestone }) => [
                    <td className="utrecht-table__cell utrecht-table__cell--numeric" key={`${milestone}-reached`}>
                      {String(cohort.milestones[milestone]?.reached ?? '—')}
                    </td>,
                    <td className="utrecht-table__cell utrecht-table__cell--numeric" key={`${milestone}-median`}>
                      {cohort.milestones[milestone]?.medianDays ?? '—'}
                    </td>,
                  ])}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
