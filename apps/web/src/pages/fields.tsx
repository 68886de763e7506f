/**
 * Form fields in the NL Design System's markup, with the API's message for a field shown at it
 * (aria-invalid, aria-describedby) — shared by the milestone forms and the start form.
 */
import { Fieldset, FieldsetLegend } from '@utrecht/fieldset-react';
import { FormFieldDescription } from '@utrecht/form-field-description-react';
import { FormFieldErrorMessage } from '@utrecht/form-field-error-message-react';
import { FormLabel } from '@utrecht/form-label-react';
import { RadioButton } from '@utrecht/radio-button-react';
import { Textbox } from '@utrecht/textbox-react';
import { useTranslation } from 'react-i18next';
import type { PayloadField } from '../api/views';
import { useDomainWords } from '../domain-texts';

/** What was typed, as the declared types: numbers, booleans, text and dates; empty fields left out. */
export function typedValues(fields: readonly PayloadField[], values: Record<string, string>): Record<string, unknown> {
  const typed: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.name];
    if (raw === undefined || raw === '') continue;
    typed[field.name] = field.type === 'number' ? Number(raw) : field.type === 'boolean' ? raw === 'true' : raw;
  }
  return typed;
}

/** A declared field (a milestone's payload, a definition's fact) as its input: choices for closed sets and yes/no. */
export function DeclaredField({
  id,
  field,
  value,
  error,
  labels = {},
  onChange,
}: {
  id: string;
  field: PayloadField;
  value: string;
  error?: string;
  /** How a closed value set's choices read, by value; the value itself when left out. */
  labels?: Readonly<Record<string, string>>;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const words = useDomainWords();
  if (field.values || field.type === 'boolean') {
    const choices = field.values ? field.values.map((choice) => [choice, labels[choice] ?? words.value(choice)] as const) : ([['true', t('form.yes')], ['false', t('form.no')]] as const);
    return <ChoiceField id={id} field={field} choices={choices} value={value} error={error} onChange={onChange} />;
  }
  return (
    <InputField
      id={id}
      label={words.field(field)}
      type={field.type === 'date' ? 'date' : field.type === 'number' ? 'number' : 'text'}
      required={field.required}
      value={value}
      error={error}
      onChange={onChange}
    />
  );
}

interface InputFieldProps {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly type: string;
  readonly required?: boolean;
  readonly value: string;
  readonly error?: string;
  readonly onChange: (value: string) => void;
}

export function InputField({ id, label, description, type, required, value, error, onChange }: InputFieldProps) {
  const describedBy = [description ? `${id}-description` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div className="utrecht-form-field__label">
        <FormLabel htmlFor={id}>{label}</FormLabel>
      </div>
      {description && (
        <FormFieldDescription id={`${id}-description`} className="utrecht-form-field__description">
          {description}
        </FormFieldDescription>
      )}
      {error && (
        <FormFieldErrorMessage id={`${id}-error`} className="utrecht-form-field__error-message">
          {error}
        </FormFieldErrorMessage>
      )}
      <div className="utrecht-form-field__input">
        <Textbox
          id={id}
          type={type}
          value={value}
          inputRequired={required}
          invalid={Boolean(error)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
        />
      </div>
    </div>
  );
}

interface ChoiceFieldProps {
  readonly id: string;
  readonly field: PayloadField;
  readonly choices: ReadonlyArray<readonly [string, string]>;
  readonly value: string;
  readonly error?: string;
  readonly onChange: (value: string) => void;
}

export function ChoiceField({ id, field, choices, value, error, onChange }: ChoiceFieldProps) {
  const words = useDomainWords();
  return (
    <Fieldset invalid={Boolean(error)} aria-describedby={error ? `${id}-error` : undefined}>
      <FieldsetLegend>{words.field(field)}</FieldsetLegend>
      {error && (
        <FormFieldErrorMessage id={`${id}-error`} className="utrecht-form-field__error-message">
          {error}
        </FormFieldErrorMessage>
      )}
      {choices.map(([choice, label]) => (
        <div className="utrecht-form-field utrecht-form-field--radio" key={choice}>
          <RadioButton
            id={`${id}-${choice}`}
            name={id}
            value={choice}
            checked={value === choice}
            invalid={Boolean(error)}
            aria-invalid={error ? true : undefined}
            onChange={() => onChange(choice)}
          />
          <FormLabel htmlFor={`${id}-${choice}`} type="radio">
            {label}
          </FormLabel>
        </div>
      ))}
    </Fieldset>
  );
}
