import type { ComponentChildren, JSX } from 'preact';
import { Field } from '../ui';

/**
 * Form fields: a `Field` (label, hint, error, required, tied to the control by aria attributes)
 * around one control whose value is a string. `onValue` receives what was typed or chosen; the
 * other props go to the control as they are.
 */
interface FieldFrame {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

type Own = 'id' | 'label' | 'value' | 'required' | 'onInput' | 'onChange';

type InputProps = FieldFrame &
  Omit<JSX.InputHTMLAttributes<HTMLInputElement>, Own> & {
    value: string | number;
    onValue: (value: string) => void;
  };

export function InputField({
  id,
  label,
  hint,
  error,
  required,
  value,
  onValue,
  ...attrs
}: InputProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} required={required}>
      {(a) => (
        <input {...a} {...attrs} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
      )}
    </Field>
  );
}

/** A number typed into an input: empty is NaN (the server says what is missing). */
export const toNumber = (typed: string): number => (typed.trim() === '' ? NaN : Number(typed));

type TextAreaProps = FieldFrame &
  Omit<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, Own> & {
    value: string;
    onValue: (value: string) => void;
  };

export function TextAreaField({
  id,
  label,
  hint,
  error,
  required,
  value,
  onValue,
  ...attrs
}: TextAreaProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} required={required}>
      {(a) => (
        <textarea {...a} {...attrs} value={value} onInput={(e) => onValue(e.currentTarget.value)} />
      )}
    </Field>
  );
}

type SelectProps = FieldFrame & {
  value: string;
  onValue: (value: string) => void;
  children: ComponentChildren;
};

/** A single choice among the `<option>`s given as children. */
export function SelectField({
  id,
  label,
  hint,
  error,
  required,
  value,
  onValue,
  children,
}: SelectProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} required={required}>
      {(a) => (
        <select {...a} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
          {children}
        </select>
      )}
    </Field>
  );
}

type FileProps = FieldFrame & {
  accept: string;
  multiple?: boolean;
  onFiles: (files: FileList | null) => void;
};

export function FileField({
  id,
  label,
  hint,
  error,
  required,
  accept,
  multiple,
  onFiles,
}: FileProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} required={required}>
      {(a) => (
        <input
          {...a}
          type="file"
          multiple={multiple}
          accept={accept}
          onChange={(e) => onFiles(e.currentTarget.files)}
        />
      )}
    </Field>
  );
}
