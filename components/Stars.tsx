/**
 * 1–5 stars as an ARIA radio group: one tab stop (roving tabindex), arrow keys move and select,
 * Home/End jump, each star is labelled for screen readers ("4 of 5 stars"). Where choosing a star
 * acts at once (the popup's quick rating), `selectOnArrow={false}` makes the arrows only move
 * focus; Enter, Space or a click choose.
 */
import { useRef, useState } from 'preact/hooks';
import { t } from '../platform/i18n';

export interface StarsProps {
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  /** Names the group for screen readers. */
  label: string;
  size?: 'large' | 'small';
  /** Optional scores can be cleared again. */
  clearable?: boolean;
  invalid?: boolean;
  /** Called once the group exists, so a parent can move focus to it. */
  groupRef?: (element: HTMLDivElement | null) => void;
  selectOnArrow?: boolean;
}

const SCORES = [1, 2, 3, 4, 5] as const;

export function Stars({ value, onChange, label, size = 'large', clearable = false, invalid = false, groupRef, selectOnArrow = true }: StarsProps) {
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const [focused, setFocused] = useState<number>();
  const moveTo = (score: number) => {
    setFocused(score);
    buttons.current[score - 1]?.focus();
  };
  const choose = (score: number) => {
    onChange(score);
    moveTo(score);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const current = (selectOnArrow ? value : (focused ?? value)) ?? 0;
    const moves: Record<string, number> = {
      ArrowRight: Math.min(5, current + 1),
      ArrowUp: Math.min(5, current + 1),
      ArrowLeft: Math.max(1, current - 1),
      ArrowDown: Math.max(1, current - 1),
      Home: 1,
      End: 5,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    if (selectOnArrow) choose(next);
    else moveTo(next);
  };

  const focusable = (selectOnArrow ? value : (focused ?? value)) ?? 1;
  return (
    <div
      class={`sf-stars sf-stars--${size}`}
      role="radiogroup"
      aria-label={label}
      aria-invalid={invalid || undefined}
      onKeyDown={onKeyDown}
      ref={groupRef}
    >
      {SCORES.map((score) => {
        const on = value !== undefined && score <= value;
        return (
          <button
            key={score}
            type="button"
            role="radio"
            class={`sf-star${on ? ' sf-star--on' : ''}`}
            aria-checked={value === score}
            aria-label={t('rating_stars_label', score)}
            tabIndex={score === focusable ? 0 : -1}
            ref={(element) => {
              buttons.current[score - 1] = element;
            }}
            onClick={() => (clearable && value === score ? onChange(undefined) : choose(score))}
          >
            {/* Chosen stars are filled, the others outlined: told apart by shape, not only by colour. */}
            <span aria-hidden="true">{on ? '★' : '☆'}</span>
          </button>
        );
      })}
    </div>
  );
}
