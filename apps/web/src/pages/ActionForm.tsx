/**
 * A form for one change the API makes (complete a task, suspend a clock, cancel a trajectory, move
 * a case): its fields, one send, and the answer. A refusal (problem+json) stands at the field it
 * names, or above the button when it names none; what was typed stays, and the keyboard goes to
 * the first problem. Only an accepted change empties the form and tells the page.
 */
import { PrimaryActionButton } from '@utrecht/button-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { PayloadField } from '../api/views';
import { DeclaredField, InputField } from './fields';
import { FormError, useRefusableForm, type SentAnswer } from './refusable-form';

/** A field of an action: a plain input (date or text), or a declared field (choices, typed payloads). */
export type ActionField =
  | { readonly name: string; readonly label: string; readonly type: 'date' | 'text'; readonly description?: string; readonly required?: boolean }
  | { readonly name: string; readonly declared: PayloadField };

interface Props {
  readonly title: string;
  /** What the change does, under the title. */
  readonly intro?: string;
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

export function ActionForm({ title, intro, submitLabel, fields, send, fieldOf = (field) => field, onDone, initialValues = {}, className = 'wegwijs-form' }: Props) {
  const { t } = useTranslation();
  const formId = useId();
  const { formRef, values, set, fieldErrors, formError, submitting, submitWith } = useRefusableForm(initialValues);
  const known = new Set(fields.map((field) => field.name));
  const submit = submitWith(() => send(values), {
    fieldOf: (apiField) => (known.has(fieldOf(apiField)) ? fieldOf(apiField) : undefined),
    onAccepted: onDone,
  });

  return (
    <form ref={formRef} className={className} noValidate onSubmit={(event) => void submit(event)} aria-labelledby={`${formId}-title`}>
      <h3 className="utrecht-heading-3" id={`${formId}-title`}>
        {title}
      </h3>
      {intro && <p className="utrecht-paragraph">{intro}</p>}
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
      <FormError message={formError} />
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
