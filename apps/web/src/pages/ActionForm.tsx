/**
 * A form for one change the API makes (complete a task, suspend a clock, cancel a trajectory, move
 * a case): its fields, one send, and the answer. A refusal (problem+json) stands at the field it
 * names, or above the button when it names none; what was typed stays, and the keyboard goes to
 * the first problem. Only an accepted change empties the form and tells the page.
 */
import { PrimaryActionButton } from '@utrecht/button-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { problemOf } from '../api/client';
import type { PayloadField } from '../api/views';
import { DeclaredField, InputField } from './fields';

/** A field of an action: a plain input (date or text), or a declared field (choices, typed payloads). */
export type ActionField =
  | { readonly name: string; readonly label: string; readonly type: 'date' | 'text'; readonly description?: string; readonly required?: boolean }
  | { readonly name: string; readonly declared: PayloadField };

/** What openapi-fetch answers: the body on success, the problem otherwise. */
export interface SentAnswer {
  readonly response: Response;
  readonly error?: unknown;
}

interface Props {
  readonly title: string;
  readonly submitLabel: string;
  readonly fields: readonly ActionField[];
  /** Sends the values; keyed by field name, empty fields left out by the caller as it needs. */
  readonly send: (values: Record<string, string>) => Promise<SentAnswer>;
  /** The field of ours an API field name stands for (e.g. `payload.consent` → `consent`). */
  readonly fieldOf?: (apiField: string) => string;
  readonly onDone: () => Promise<void> | void;
  readonly initialValues?: Record<string, string>;
  readonly className?: string;
}

export function ActionForm({ title, submitLabel, fields, send, fieldOf = (field) => field, onDone, initialValues = {}, className = 'wegwijs-form' }: Props) {
  const { t } = useTranslation();
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Record<string, string>>(initialValues);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const [refusals, setRefusals] = useState(0);
  const set = (name: string, value: string) => setValues((previous) => ({ ...previous, [name]: value }));

  useEffect(() => {
    if (refusals > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]')?.focus();
  }, [refusals]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setFormError(undefined);
    try {
      const { response, error } = await send(values);
      if (response.ok) {
        setFieldErrors({});
        setValues(initialValues);
        await onDone();
        return;
      }
      const problem = problemOf(error, response.status);
      const known = new Set(fields.map((field) => field.name));
      const atFields: Record<string, string> = {};
      for (const { field, message } of problem.errors ?? []) {
        const name = fieldOf(field);
        if (known.has(name)) atFields[name] = message;
      }
      setFieldErrors(atFields);
      if (Object.keys(atFields).length === 0) setFormError(t('form.refused', { detail: problem.detail || problem.title }));
      setRefusals((count) => count + 1);
    } catch {
      setFormError(t('form.unreachable'));
      setRefusals((count) => count + 1);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form ref={formRef} className={className} noValidate onSubmit={(event) => void submit(event)} aria-labelledby={`${formId}-title`}>
      <h3 className="utrecht-heading-3" id={`${formId}-title`}>
        {title}
      </h3>
      {fields.map((field) =>
        'declared' in field ? (
          <DeclaredField
            key={field.name}
            id={`${formId}-${field.name}`}
            field={field.declared}
            value={values[field.name] ?? ''}
            error={fieldErrors[field.name]}
            onChange={(value) => set(field.name, value)}
          />
        ) : (
          <InputField
            key={field.name}
            id={`${formId}-${field.name}`}
            label={field.label}
            description={field.description}
            type={field.type}
            required={field.required}
            value={values[field.name] ?? ''}
            error={fieldErrors[field.name]}
            onChange={(value) => set(field.name, value)}
          />
        ),
      )}
      {formError && (
        <div className="utrecht-alert utrecht-alert--error" role="alert" tabIndex={-1}>
          <p className="utrecht-paragraph">{formError}</p>
        </div>
      )}
      <PrimaryActionButton type="submit" busy={submitting}>
        {submitting ? t('form.submitting') : submitLabel}
      </PrimaryActionButton>
    </form>
  );
}

/** The values that were filled in, by name; empty ones left out (the API then takes its default). */
export function filledIn(values: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (values[name] ? [[name, values[name]]] : [])));
}
