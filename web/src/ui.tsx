import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type FieldProblem } from './api';

/** Loads data for a page; `reload` fetches again (after a write). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({
    loading: true,
  });
  const seq = useRef(0);
  const reload = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (error: unknown) =>
        mine === seq.current && setState({ error: asApiError(error), loading: false }),
    );
  }, deps);
  useEffect(reload, [reload]);
  return { ...state, reload };
}

export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'CLIENT', '页面出错,请刷新后重试');
}

/** Page title: focused after each navigation, so screen readers announce the new page. */
export function PageTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

export function Loading({ what = '数据' }: { what?: string }) {
  return (
    <p class="muted" role="status">
      正在加载{what}……
    </p>
  );
}

/** A failure announced at once (role=alert); field problems are listed with a link to the field. */
export function ErrorBox({
  error,
  fieldIds = {},
}: {
  error?: ApiError | null;
  fieldIds?: Record<string, string>;
}) {
  if (!error) return null;
  return (
    <div class="alert error" role="alert">
      <p>
        <strong>{error.message}</strong>
      </p>
      {error.details.length > 0 && (
        <ul>
          {error.details.map((d) => (
            <li key={d.field}>
              {fieldIds[d.field] ? (
                <button
                  type="button"
                  class="link"
                  onClick={() => document.getElementById(fieldIds[d.field]!)?.focus()}
                >
                  {d.reason}
                </button>
              ) : (
                `${d.field}:${d.reason}`
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A success or progress message, announced politely. */
export function StatusMessage({ children }: { children?: ComponentChildren }) {
  return (
    <div class={children ? 'alert ok' : 'sr-only'} role="status" aria-live="polite">
      {children}
    </div>
  );
}

export function fieldError(error: ApiError | null | undefined, field: string): string | undefined {
  return error?.details.find(
    (d: FieldProblem) => d.field === field || d.field.startsWith(`${field}.`),
  )?.reason;
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  children: (a: {
    id: string;
    'aria-invalid'?: 'true';
    'aria-describedby'?: string;
    required?: boolean;
  }) => JSX.Element;
}

/** A labelled control with its hint and error tied to it (aria-describedby, aria-invalid). */
export function Field({ id, label, hint, error, required, children }: FieldProps) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>
        {label}
        {required && <span class="req"> (必填)</span>}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children({
        id,
        ...(error ? { 'aria-invalid': 'true' as const } : {}),
        ...(described ? { 'aria-describedby': described } : {}),
        ...(required ? { required: true } : {}),
      })}
    </div>
  );
}

export function Badge({
  tone,
  children,
}: {
  tone?: 'red' | 'yellow' | 'green' | 'grey' | 'blue';
  children: ComponentChildren;
}) {
  return <span class={`badge ${tone ?? 'grey'}`}>{children}</span>;
}

/** Runs a form action with busy state and an error; returns the wrapped submit handler. */
export function useAction<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      await fn(...args);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/**
 * A form that runs a `useAction` on submit (no browser validation: the server's field errors are
 * shown) and announces its error above the fields, linking each field problem to its input.
 */
export function ActionForm({
  action,
  fieldIds,
  children,
}: {
  action: { error: ApiError | null; run: () => Promise<void> };
  fieldIds?: Record<string, string>;
  children: ComponentChildren;
}) {
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void action.run();
      }}
    >
      <ErrorBox error={action.error} fieldIds={fieldIds} />
      {children}
    </form>
  );
}
