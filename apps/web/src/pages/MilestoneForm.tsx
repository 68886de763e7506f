/**
 * The form for one milestone the trajectory expects now, generated from its typed payload: the
 * day it happened (a date input), then each declared field — dates as date inputs, closed value
 * sets and yes/no as radio choices, numbers as number inputs. The browser does not validate: the
 * API's problem+json answer is shown at the field it names (`occurredOn`, `payload.<field>`),
 * what the user typed stays, and the same report sent again keeps its Idempotency-Key, so a retry
 * after a lost answer is recorded once.
 */
import { useQueryClient } from '@tanstack/react-query';
import { PrimaryActionButton } from '@utrecht/button-react';
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ExpectedMilestone } from '../api/views';
import { useDomainWords } from '../domain-texts';
import { DeclaredField, InputField, typedValues } from './fields';
import { formatDate } from '../i18n';
import { FormError, useRefusableForm } from './refusable-form';
import { trajectoryQueryKey } from './TrajectoryPage';

const OCCURRED_ON = 'occurredOn';

interface Props {
  readonly trajectoryId: string;
  readonly expected: ExpectedMilestone;
  readonly waiting?: { readonly since: string; readonly normDeadline: string | null; readonly overdue: boolean };
  /** Told once the milestone is recorded (the form itself then goes: the trajectory moves on). */
  readonly onRecorded: (message: string) => void;
}

export function MilestoneForm({ trajectoryId, expected, waiting, onRecorded }: Props) {
  const { t, i18n } = useTranslation();
  const words = useDomainWords();
  const queryClient = useQueryClient();
  const formId = useId();
  const { formRef, values, set, fieldErrors, formError, submitting, submitWith } = useRefusableForm({});
  // One key per report: kept across retries of the same report, renewed once it is recorded.
  const idempotencyKey = useRef(crypto.randomUUID());
  const fieldId = (name: string) => `${formId}-${name}`;

  const submit = submitWith(
    () =>
      api.POST('/trajectories/{trajectoryId}/milestones', {
        params: { path: { trajectoryId }, header: { 'Idempotency-Key': idempotencyKey.current } },
        body: { milestone: expected.milestone, ...(values[OCCURRED_ON] ? { occurredOn: values[OCCURRED_ON] } : {}), ...(expected.payload.length > 0 ? { payload: typedValues(expected.payload, values) } : {}) } as never,
      }),
    {
      fieldOf: (apiField) => apiField.replace(/^payload\./, ''),
      onAccepted: async () => {
        idempotencyKey.current = crypto.randomUUID();
        onRecorded(t('form.recorded', { milestone: words.milestone(expected.milestone, expected.description) }));
        await queryClient.invalidateQueries({ queryKey: trajectoryQueryKey(trajectoryId) });
        await queryClient.invalidateQueries({ queryKey: ['caseload'] });
      },
    },
  );

  const earliest = expected.earliestOn ? t('form.earliest', { date: formatDate(expected.earliestOn, i18n.language) }) : '';
  return (
    <form ref={formRef} className="wegwijs-form" noValidate onSubmit={(event) => void submit(event)} aria-labelledby={`${formId}-title`}>
      <h3 className="utrecht-heading-3" id={`${formId}-title`}>
        {words.milestone(expected.milestone, expected.description)}
      </h3>
      <p className="utrecht-paragraph">
        <code className="utrecht-code">{expected.milestone}</code>
        {waiting && ` · ${t('trajectory.waitingSince', { date: formatDate(waiting.since, i18n.language) })}`}
        {waiting?.normDeadline && ` · ${t('trajectory.normDeadline', { date: formatDate(waiting.normDeadline, i18n.language) })}`}
      </p>
      <InputField
        id={fieldId(OCCURRED_ON)}
        label={t('form.occurredOn')}
        description={t('form.occurredOnHint', { earliest })}
        type="date"
        value={values[OCCURRED_ON] ?? ''}
        error={fieldErrors[OCCURRED_ON]}
        onChange={(value) => set(OCCURRED_ON, value)}
      />
      {expected.payload.map((field) => (
        <DeclaredField key={field.name} id={fieldId(field.name)} field={field} value={values[field.name] ?? ''} error={fieldErrors[field.name]} onChange={(value) => set(field.name, value)} />
      ))}
      <FormError message={formError} />
      <PrimaryActionButton type="submit" busy={submitting}>
        {submitting ? t('form.submitting') : t('form.submit')}
      </PrimaryActionButton>
    </form>
  );
}
