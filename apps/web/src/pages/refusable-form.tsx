/**
 * What every form of the app does with the API's answer: a refusal (problem+json) stands at the
 * field it names, or above the button when it names none; what was typed stays; the keyboard goes
 * to the first problem; an unreachable API says so. Only an accepted send clears the form.
 *
 *   const form = useRefusableForm({});
 *   <form ref={form.formRef} onSubmit={form.submitWith(() => api.POST(…), { fieldOf, onAccepted })}>
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { problemOf } from '../api/client';
import { fieldProblemMessage, problemMessage } from '../api/problem-messages';

/** What openapi-fetch answers: the body on success, the problem otherwise. */
export interface SentAnswer {
  readonly response: Response;
  readonly error?: unknown;
  readonly data?: unknown;
}

export interface SubmitOptions {
  /** The form's field an API field name stands for (e.g. `payload.consent` → `consent`); undefined: none of ours. */
  readonly fieldOf?: (apiField: string) => string | undefined;
  /** Told the accepted answer's body, once the form is cleared. */
  readonly onAccepted: (data: unknown) => Promise<void> | void;
}

export function useRefusableForm(initialValues: Record<string, string>) {
  const { t, i18n } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Record<string, string>>(initialValues);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const [refusals, setRefusals] = useState(0);
  const set = (name: string, value: string) => setValues((previous) => ({ ...previous, [name]: value }));

  // After a refusal the keyboard goes where the problem is: the first field the API named, or the message.
  useEffect(() => {
    if (refusals > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]')?.focus();
  }, [refusals]);

  /** The form's submit handler: sends once at a time, and shows the answer as described above. */
  const submitWith =
    (send: () => Promise<SentAnswer>, { fieldOf = (field) => field, onAccepted }: SubmitOptions) =>
    async (event: FormEvent): Promise<void> => {
      event.preventDefault();
      if (submitting) return;
      setSubmitting(true);
      setFormError(undefined);
      try {
        const { response, error, data } = await send();
        if (response.ok) {
          setFieldErrors({});
          setValues(initialValues);
          await onAccepted(data);
          return;
        }
        const problem = problemOf(error, response.status);
        const atFields: Record<string, string> = {};
        for (const { field, message } of problem.errors ?? []) {
          const name = fieldOf(field);
          if (name !== undefined) atFields[name] = fieldProblemMessage(message, t, i18n.language);
        }
        setFieldErrors(atFields);
        if (Object.keys(atFields).length === 0) setFormError(t('form.refused', { detail: problemMessage(problem, t, i18n.language) }));
        setRefusals((count) => count + 1);
      } catch {
        setFormError(t('form.unreachable'));
        setRefusals((count) => count + 1);
      } finally {
        setSubmitting(false);
      }
    };

  return { formRef, values, set, fieldErrors, formError, submitting, submitWith };
}

/** The refusal that names no field, above the form's button. */
export function FormError({ message }: { readonly message: string | undefined }) {
  if (!message) return null;
  return (
    <div className="utrecht-alert utrecht-alert--error" role="alert" tabIndex={-1}>
      <p className="utrecht-paragraph">{message}</p>
    </div>
  );
}
