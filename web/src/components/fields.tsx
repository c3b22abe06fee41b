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
type Control<Attrs, V> = FieldFrame &
  Omit<Attrs, Own> & { value: V; onValue: (value: string) => void };

/** The frame's props, and the rest (the control's). */
function frameOf<P extends FieldFrame>(props: P) {
  const { id, label, hint, error, required, ...control } = props;
  return [{ id, label, hint, error, required }, control] as const;
}

type InputProps = Control<JSX.InputHTMLAttributes<HTMLInputElement>, string | number>;

export function InputField({ value, onValue, ...props }: InputProps) {
  const [frame, attrs] = frameOf(props);
  const onInput = (e: { currentTarget: HTMLInputElement }) => onValue(e.currentTarget.value);
  return (
    <Field {...frame}>{(a) => <input {...a} {...attrs} value={value} onInput={onInput} />}</Field>
  );
}

type TextAreaProps = Control<JSX.TextareaHTMLAttributes<HTMLTextAreaElement>, string>;

export function TextAreaField({ value, onValue, ...props }: TextAreaProps) {
  const [frame, attrs] = frameOf(props);
  const onInput = (e: { currentTarget: HTMLTextAreaElement }) => onValue(e.currentTarget.value);
  return (
    <Field {...frame}>
      {(a) => <textarea {...a} {...attrs} value={value} onInput={onInput} />}
    </Field>
  );
}

type SelectProps = FieldFrame & {
  value: string;
  onValue: (value: string) => void;
  children: ComponentChildren;
};

/** A single choice among the `<option>`s given as children. */
export function SelectField({ value, onValue, children, ...frame }: SelectProps) {
  const onChange = (e: { currentTarget: HTMLSelectElement }) => onValue(e.currentTarget.value);
  return (
    <Field {...frame}>
      {(a) => (
        <select {...a} value={value} onChange={onChange}>
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

export function FileField({ accept, multiple, onFiles, ...frame }: FileProps) {
  const onChange = (e: { currentTarget: HTMLInputElement }) => onFiles(e.currentTarget.files);
  return (
    <Field {...frame}>
      {(a) => <input {...a} type="file" multiple={multiple} accept={accept} onChange={onChange} />}
    </Field>
  );
}

/** A number typed into an input: empty is NaN (the server says what is missing). */
export const toNumber = (typed: string): number => (typed.trim() === '' ? NaN : Number(typed));
