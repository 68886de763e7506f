/**
 * The progress report for beleid (and supervisors, admins): a period and municipality, the
 * report's sections as tables shaped like the seed's, counts of 1–4 shown as the API gives them
 * (`<5`), and the CSV the API makes, to download.
 */
import { useQuery } from '@tanstack/react-query';
import { PrimaryActionButton, SecondaryActionButton } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';
import { Textbox } from '@utrecht/textbox-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { ProgressReport } from '../api/views';
import { useAuth } from '../auth';
import { amsterdamDate } from '../i18n';
import { QueryProblem } from './QueryProblem';

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
  const { t } = useTranslation();
  const { state } = useAuth();
  const municipalities = state.status === 'signedIn' ? state.user.municipalities : [];
  const today = amsterdamDate(new Date().toISOString());
  const [draft, setDraft] = useState<Period>({ from: `${today.slice(0, 4)}-01-01`, to: today, municipality: municipalities.join(',') });
  const [period, setPeriod] = useState<Period>(draft);
  const report = useQuery({ queryKey: ['report', period], queryFn: () => fetchReport(period) });
  const [downloadProblem, setDownloadProblem] = useState<string>();

  async function downloadCsv() {
    setDownloadProblem(undefined);
    const { data, error, response } = await api.GET('/reports/progress', { params: { query: { ...period, format: 'csv' } }, parseAs: 'blob' });
    if (!response.ok || !data) {
      setDownloadProblem(problemOf(error, response.status).detail);
      return;
    }
    const link = document.createElement('a');
    link.href = URL.createObjectURL(data as Blob);
    link.download = `voortgang-${period.municipality.replace(/,/g, '-')}-${period.from}-${period.to}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setPeriod(draft);
  };
  const field = (name: keyof Period, label: string, type: string) => (
    <div className="utrecht-form-field utrecht-form-field--text">
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={`report-${name}`}>{label}</FormLabel>
      </div>
      <div className="utrecht-form-field__input">
        <Textbox id={`report-${name}`} type={type} value={draft[name]} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} />
      </div>
    </div>
  );
  return (
    <>
      <h1 className="utrecht-heading-1">{t('report.title')}</h1>
      <form className="wegwijs-report-form" onSubmit={submit} noValidate>
        {field('from', t('report.from'), 'date')}
        {field('to', t('report.to'), 'date')}
        {field('municipality', t('report.municipality'), 'text')}
        <PrimaryActionButton type="submit">{t('report.show')}</PrimaryActionButton>
      </form>
      <QueryProblem query={report} />
      {report.data && (
        <>
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
                {section.source} {section.title}
              </h2>
              <table className="utrecht-table">
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
                      <th className="utrecht-table__header-cell" scope="row">{row.label}</th>
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
            </section>
          ))}
        </>
      )}
    </>
  );
}
