/**
 * Form fields with their label, hint and error tied together (`for`/`id`, `aria-describedby`,
 * `aria-invalid`), so screen readers read the error with the field it belongs to.
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

interface FieldBase {
  label: string;
  hint?: ComponentChildren;
  error?: string;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** What every control carries: its id, and its hint and error tied to it. */
function controlAttributes(id: string, props: FieldBase & { name?: string }) {
  return { id, name: props.name, 'aria-invalid': props.error ? ('true' as const) : undefined, 'aria-describedby': describedBy(id, props.hint, props.error) };
}

function Notes({ id, hint, error }: { id: string; hint?: ComponentChildren; error?: string }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} class="sf-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="sf-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

export function TextField(
  props: FieldBase & { value: string; onValue: (value: string) => void; type?: 'text' | 'url' | 'password' | 'number'; placeholder?: string; name?: string; autoFocus?: boolean; inputRef?: (element: HTMLInputElement | null) => void; min?: number; max?: number },
) {
  const id = useId();
  return (
    <div class="sf-field">
      <label for={id}>{props.label}</label>
      <input
        {...controlAttributes(id, props)}
        ref={props.inputRef}
        // Preact's types split <input> by `type`; this field renders the text-like ones only.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        placeholder={props.placeholder}
        min={props.min}
        max={props.max}
        autoComplete="off"
        spellcheck={false}
        onInput={(event) => props.onValue(event.currentTarget.value)}
      />
      <Notes id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

export function TextAreaField(props: FieldBase & { value: string; onValue: (value: string) => void; rows?: number; name?: string }) {
  const id = useId();
  return (
    <div class="sf-field">
      <label for={id}>{props.label}</label>
      <textarea
        {...controlAttributes(id, props)}
        rows={props.rows ?? 12}
        value={props.value}
        spellcheck={false}
        onInput={(event) => props.onValue(event.currentTarget.value)}
      />
      <Notes id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

export function CheckboxField(props: FieldBase & { checked: boolean; onChecked: (checked: boolean) => void; role?: 'switch'; name?: string }) {
  const id = useId();
  return (
    <div class="sf-field sf-check">
      <input
        {...controlAttributes(id, props)}
        type="checkbox"
        role={props.role}
        checked={props.checked}
        onChange={(event) => props.onChecked(event.currentTarget.checked)}
      />
      <label for={id}>{props.label}</label>
      <Notes id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

export function SelectField<V extends string>(props: FieldBase & { value: V; options: ReadonlyArray<{ value: V; label: string }>; onValue: (value: V) => void; name?: string }) {
  const id = useId();
  return (
    <div class="sf-field">
      <label for={id}>{props.label}</label>
      <select {...controlAttributes(id, props)} value={props.value} onChange={(event) => props.onValue(event.currentTarget.value as V)}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Notes id={id} hint={props.hint} error={props.error} />
    </div>
  );
}

/** A polite live region for outcomes ("Saved.", connection results). */
export function StatusLine({ message, tone = 'info' }: { message?: string; tone?: 'info' | 'ok' | 'error' }) {
  return (
    <p class={`sf-status sf-status-${tone}`} role="status" aria-live="polite">
      {message ?? ''}
    </p>
  );
}
