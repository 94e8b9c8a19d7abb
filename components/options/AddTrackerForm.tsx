/**
 * "Add a tracker": an origin (typed, or handed over by the toolbar menu) and its type. The
 * candidate is validated synchronously so the permission request can run inside the click.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../platform/i18n';
import { isBuiltInOrigin, parseOriginInput } from '../../platform/permissions';
import { CustomTracker, type GenericSelectors } from '../../utils/contracts/schema';
import { problemsOf } from '../../platform/settings';
import { GENERIC_PRESETS } from '../../utils/trackers/generic/presets';
import { SelectField, StatusLine, TextAreaField, TextField } from './Field';

type Kind = 'jira' | 'github' | 'gitlab' | 'generic';
type PresetChoice = 'none' | keyof typeof GENERIC_PRESETS;
const SELECTOR_FIELDS = ['title', 'status', 'priority', 'assignee', 'reporter', 'createdAt', 'resolvedAt', 'viewer'] as const;
const SELECTOR_LABEL_KEYS: Record<(typeof SELECTOR_FIELDS)[number], string> = {
  title: 'options_rules_selector_title',
  status: 'options_rules_selector_status',
  priority: 'options_rules_selector_priority',
  assignee: 'options_rules_selector_assignee',
  reporter: 'options_rules_selector_reporter',
  createdAt: 'options_rules_selector_createdAt',
  resolvedAt: 'options_rules_selector_resolvedAt',
  viewer: 'options_rules_selector_viewer',
};

interface Draft {
  url: string;
  type: Kind;
  name: string;
  contextPath: string;
  preset: PresetChoice;
  pathPattern: string;
  selectors: Record<(typeof SELECTOR_FIELDS)[number], string>;
  resolvedStatuses: string;
}

const emptySelectors = (): Draft['selectors'] => Object.fromEntries(SELECTOR_FIELDS.map((field) => [field, ''])) as Draft['selectors'];

export function draftFromUrl(url: string): Draft {
  return { url, type: 'jira', name: '', contextPath: '', preset: 'none', pathPattern: '', selectors: emptySelectors(), resolvedStatuses: '' };
}

/** Jira Server pages live under the context path: `/jira/browse/OPS-1` → `/jira`. */
export function guessJiraContextPath(path: string): string {
  const beforePage = /^((?:\/[\w.-]+)*?)\/(?:browse|secure|projects|issues|plugins|rest|servicedesk)(?:\/|$)/.exec(path);
  if (beforePage) return beforePage[1] ?? '';
  return /^\/[\w.-]+$/.test(path) ? path : '';
}

function withPreset(draft: Draft, preset: PresetChoice): Draft {
  if (preset === 'none') return { ...draft, preset };
  const rules = GENERIC_PRESETS[preset];
  const selectors = emptySelectors();
  for (const [field, selector] of Object.entries(rules.selectors)) selectors[field as keyof typeof selectors] = selector;
  return { ...draft, preset, name: draft.name || rules.name, pathPattern: rules.pathPattern, selectors, resolvedStatuses: rules.resolvedStatuses.join(', ') };
}

function jiraContextPath(typed: string, urlPath: string): string | undefined {
  const path = typed.trim().replace(/\/+$/, '') || guessJiraContextPath(urlPath);
  return path === '' ? undefined : path;
}

/** Field name in the form for a schema path (`selectors.title` → `selectors.title`, `origin` → `url`). */
const formField = (path: string) => (path === 'origin' ? 'url' : path);

export type CandidateCheck = { ok: true; tracker: CustomTracker } | { ok: false; errors: Record<string, string> };

export function checkCandidate(draft: Draft, existingOrigins: readonly string[]): CandidateCheck {
  const parsed = parseOriginInput(draft.url);
  if (!parsed.ok) return { ok: false, errors: { url: t(parsed.reason === 'empty' ? 'options_error_origin_empty' : parsed.reason === 'scheme' ? 'options_error_origin_scheme' : 'options_error_origin_invalid') } };
  if (isBuiltInOrigin(parsed.origin)) return { ok: false, errors: { url: t('options_error_origin_builtin', parsed.origin) } };
  if (existingOrigins.includes(parsed.origin)) return { ok: false, errors: { url: t('options_error_origin_duplicate', parsed.origin) } };
  const name = draft.name.trim() || undefined;
  const candidate =
    draft.type === 'generic'
      ? {
          origin: parsed.origin,
          type: 'generic' as const,
          name,
          preset: draft.preset === 'none' ? undefined : draft.preset,
          pathPattern: draft.pathPattern,
          selectors: Object.fromEntries(SELECTOR_FIELDS.map((field) => [field, draft.selectors[field].trim() || undefined])) as GenericSelectors,
          resolvedStatuses: draft.resolvedStatuses.split(',').map((status) => status.trim()).filter(Boolean),
        }
      : { origin: parsed.origin, type: draft.type, name, contextPath: draft.type === 'jira' ? jiraContextPath(draft.contextPath, parsed.path) : undefined };
  const result = CustomTracker.safeParse(candidate);
  if (result.success) return { ok: true, tracker: result.data };
  const errors: Record<string, string> = {};
  for (const problem of problemsOf(result.error)) errors[formField(problem.path)] ??= t('options_error_field', problem.path, problem.message);
  return { ok: false, errors };
}

export interface AddTrackerFormProps {
  /** Origin handed over by the toolbar menu (`options.html?add=…`). */
  prefill?: string;
  existingOrigins: readonly string[];
  /** Must call the permission request before awaiting anything. Resolves with an error message or nothing. */
  onAdd: (tracker: CustomTracker) => Promise<string | undefined>;
}

export function AddTrackerForm(props: AddTrackerFormProps) {
  const [draft, setDraft] = useState<Draft>(() => draftFromUrl(props.prefill ?? ''));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ message: string; tone: 'ok' | 'error' | 'info' }>();
  const urlInput = useRef<HTMLInputElement | null>(null);

  useLayoutEffect(() => {
    if (!props.prefill) return;
    setDraft(draftFromUrl(props.prefill));
    // Already listed (the menu was used to win back lost access): say so rather than offer a duplicate.
    const listed = props.existingOrigins.includes(props.prefill);
    setStatus({ message: listed ? t('options_error_origin_duplicate', props.prefill) : t('options_add_prefilled', props.prefill), tone: 'info' });
    urlInput.current?.focus();
    // Only a new hand-over re-runs this, not every change of the list.
  }, [props.prefill]);

  const update = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  const setSelector = (field: (typeof SELECTOR_FIELDS)[number], value: string) => setDraft((current) => ({ ...current, selectors: { ...current.selectors, [field]: value } }));

  const submit = (event: Event) => {
    event.preventDefault();
    const checked = checkCandidate(draft, props.existingOrigins);
    if (!checked.ok) {
      setErrors(checked.errors);
      setStatus({ message: t('options_error_summary', Object.keys(checked.errors).length), tone: 'error' });
      return;
    }
    setErrors({});
    const done = props.onAdd(checked.tracker);
    void done.then((failure) => {
      if (failure) return setStatus({ message: failure, tone: 'error' });
      setStatus({ message: t('options_tracker_added', checked.tracker.origin), tone: 'ok' });
      setDraft(draftFromUrl(''));
    });
  };

  const typeOptions = [
    { value: 'jira' as const, label: t('options_type_jira') },
    { value: 'github' as const, label: t('options_type_github') },
    { value: 'gitlab' as const, label: t('options_type_gitlab') },
    { value: 'generic' as const, label: t('options_type_generic') },
  ];
  const presetOptions = [
    { value: 'none' as const, label: t('options_preset_none') },
    { value: 'redmine' as const, label: GENERIC_PRESETS.redmine.name },
    { value: 'zentao' as const, label: GENERIC_PRESETS.zentao.name },
  ];
  return (
    <form class="sf-add" onSubmit={submit} noValidate aria-labelledby="sf-add-heading">
      <h3 id="sf-add-heading">{t('options_add_heading')}</h3>
      <TextField label={t('options_add_url')} name="url" type="url" value={draft.url} onValue={(url) => update({ url })} placeholder="https://jira.example.com" hint={t('options_add_url_hint')} error={errors.url} inputRef={(element) => (urlInput.current = element)} />
      <SelectField label={t('options_add_type')} name="type" value={draft.type} options={typeOptions} onValue={(type) => update({ type })} />
      <TextField label={t('options_add_name')} name="name" value={draft.name} onValue={(name) => update({ name })} error={errors.name} />
      {draft.type === 'jira' ? (
        <TextField label={t('options_add_context_path')} name="contextPath" value={draft.contextPath} onValue={(contextPath) => update({ contextPath })} placeholder="/jira" hint={t('options_add_context_path_hint')} error={errors.contextPath} />
      ) : null}
      {draft.type === 'generic' ? (
        <fieldset>
          <legend>{t('options_rules_legend')}</legend>
          <SelectField label={t('options_preset')} name="preset" value={draft.preset} options={presetOptions} onValue={(preset) => setDraft((current) => withPreset(current, preset))} />
          <TextField label={t('options_rules_path_pattern')} name="pathPattern" value={draft.pathPattern} onValue={(pathPattern) => update({ pathPattern })} hint={t('options_rules_path_pattern_hint')} error={errors.pathPattern} />
          {SELECTOR_FIELDS.map((field) => (
            <TextField key={field} label={t(SELECTOR_LABEL_KEYS[field])} name={`selectors.${field}`} value={draft.selectors[field]} onValue={(value) => setSelector(field, value)} error={errors[`selectors.${field}`]} />
          ))}
          <TextAreaField label={t('options_rules_resolved')} name="resolvedStatuses" rows={2} value={draft.resolvedStatuses} onValue={(resolvedStatuses) => update({ resolvedStatuses })} hint={t('options_rules_resolved_hint')} />
        </fieldset>
      ) : null}
      <p class="sf-hint">{t('options_add_permission_note')}</p>
      <button type="submit">{t('options_add_button')}</button>
      <StatusLine message={status?.message} tone={status?.tone} />
    </form>
  );
}
