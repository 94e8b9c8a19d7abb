/**
 * Form fields with their label, hint and error tied together (`for`/`id`, `aria-describedby`,
 * `aria-invalid`), so screen readers read the error with the field it belongs to.
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { t } from '../../platform/i18n';

interface FieldBase {
  label: string;
  hint?: ComponentChildren;
  error?: string;
  /** Set by the organisation's policy: shown read-only, with the reason read out with the field. */
  locked?: boolean;
}

function describedBy(id: string, hint: unknown, error: unknown, locked: unknown): string | undefined {
  return [locked ? `${id}-locked` : '', hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** What every control carries: its id, and its hint and error tied to it. */
function controlAttributes(id: string, props: FieldBase & { name?: string }) {
  return { id, name: props.name, 'aria-invalid': props.error ? ('true' as const) : undefined, 'aria-describedby': describedBy(id, props.hint, props.error, props.locked) };
}

/** "Set by your organisation", and why it cannot be changed here. */
export function LockedNote({ id }: { id?: string }) {
  return (
    <p id={id} class="sf-locked">
      <strong>{t('managed_locked')}</strong> {t('managed_locked_reason')}
    </p>
  );
}

function Notes({ id, hint, error, locked }: { id: string; hint?: ComponentChildren; error?: string; locked?: boolean }) {
  return (
    <>
      {locked ? <LockedNote id={`${id}-locked`} /> : null}
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
        readOnly={props.locked}
        autoComplete="off"
        spellcheck={false}
        onInput={(event) => props.onValue(event.currentTarget.value)}
      />
      <Notes id={id} hint={props.hint} error={props.error} locked={props.locked} />
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
        readOnly={props.locked}
        value={props.value}
        spellcheck={false}
        onInput={(event) => props.onValue(event.currentTarget.value)}
      />
      <Notes id={id} hint={props.hint} error={props.error} locked={props.locked} />
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
        // Checkboxes have no read-only state; disabled keeps the value from changing.
        disabled={props.locked}
        onChange={(event) => props.onChecked(event.currentTarget.checked)}
      />
      <label for={id}>{props.label}</label>
      <Notes id={id} hint={props.hint} error={props.error} locked={props.locked} />
    </div>
  );
}

export function SelectField<V extends string>(props: FieldBase & { value: V; options: ReadonlyArray<{ value: V; label: string }>; onValue: (value: V) => void; name?: string }) {
  const id = useId();
  return (
    <div class="sf-field">
      <label for={id}>{props.label}</label>
      <select {...controlAttributes(id, props)} disabled={props.locked} value={props.value} onChange={(event) => props.onValue(event.currentTarget.value as V)}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Notes id={id} hint={props.hint} error={props.error} locked={props.locked} />
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
