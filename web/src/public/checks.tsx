// A group of checkboxes with its legend and the problem+json error naming it
// ("certifications/2", "permissions"); one checkbox with its own error.
import { useId } from 'preact/hooks';
import { fieldProblem, type Problem } from '../app/api';

export function CheckGroup(props: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  chosen: ReadonlySet<string>;
  onToggle: (value: string, on: boolean) => void;
  problem?: Problem | null;
  hint?: string;
}) {
  const id = useId();
  const error = fieldProblem(props.problem, props.name);
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset class={`field checks ${error ? 'invalid' : ''}`} aria-describedby={described || undefined}>
      <legend>{props.legend}</legend>
      {props.hint ? (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      ) : null}
      {props.options.map((option) => (
        <label class="check" key={option.value}>
          <input
            type="checkbox"
            name={props.name}
            value={option.value}
            checked={props.chosen.has(option.value)}
            onChange={(e) => props.onToggle(option.value, (e.currentTarget as HTMLInputElement).checked)}
          />
          <span>{option.label}</span>
        </label>
      ))}
      {error ? (
        <small id={`${id}-error`} class="error">
          {error}
        </small>
      ) : null}
    </fieldset>
  );
}

export function CheckBox(props: { label: string; name: string; checked: boolean; onValue: (on: boolean) => void; problem?: Problem | null }) {
  const id = useId();
  const error = fieldProblem(props.problem, props.name);
  return (
    <div class={`field ${error ? 'invalid' : ''}`}>
      <label class="check" for={id}>
        <input
          id={id}
          type="checkbox"
          name={props.name}
          checked={props.checked}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => props.onValue((e.currentTarget as HTMLInputElement).checked)}
        />
        <span>{props.label}</span>
      </label>
      {error ? (
        <small id={`${id}-error`} class="error">
          {error}
        </small>
      ) : null}
    </div>
  );
}

// Toggling one value in a set held in state.
export function toggled(set: ReadonlySet<string>, value: string, on: boolean): Set<string> {
  const next = new Set(set);
  if (on) next.add(value);
  else next.delete(value);
  return next;
}
