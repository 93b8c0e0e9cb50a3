import type { ComponentChildren } from 'preact';
import type { I18n } from '../i18n/translate.ts';

/**
 * Form fields in the GOV.UK pattern: label, optional hint, error message, then the control,
 * with the hint and the error tied to the control by `aria-describedby` and an invalid
 * control marked `aria-invalid`. The error summary links to `#id`, so for a group of
 * checkboxes the first one carries the group's id.
 */
interface FieldProps {
  i18n: I18n;
  id: string;
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** Appends "(optional)" to the label; fields are required unless they say so. */
  optional?: boolean;
}

export interface Option {
  value: string;
  label: string;
}

const describedBy = (id: string, hint: unknown, error: unknown) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

function Label({ i18n, id, label, optional }: Pick<FieldProps, 'i18n' | 'id' | 'label' | 'optional'>) {
  return (
    <label for={id}>
      {label}
      {optional ? ` ${i18n.t('components.field.optional')}` : null}
    </label>
  );
}

function HintAndError({ i18n, id, hint, error }: Pick<FieldProps, 'i18n' | 'id' | 'hint' | 'error'>) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} class="field-error-message">
          <span class="visually-hidden">{i18n.t('components.field.errorPrefix')} </span>
          {error}
        </p>
      ) : null}
    </>
  );
}

function FieldWrap({ error, children }: { error?: string | undefined; children: ComponentChildren }) {
  return <div class={error ? 'field field-error' : 'field'}>{children}</div>;
}

export interface TextInputProps extends FieldProps {
  value: string;
  type?: 'text' | 'url' | 'email' | 'tel' | 'password' | 'search';
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'url' | 'tel';
  autoComplete?: string;
  /**
   * Text in the other script (an English name on a Persian page) keeps its own direction. Web
   * addresses, e-mail addresses and phone numbers are left to right by default, on RTL pages too.
   */
  dir?: 'rtl' | 'ltr' | 'auto';
  lang?: string;
  spellCheck?: boolean;
  /** Width in characters, for short values such as an amount or a code. */
  size?: number;
}

const leftToRightTypes: ReadonlySet<TextInputProps['type']> = new Set(['url', 'email', 'tel']);

export function TextInput(props: TextInputProps) {
  const { id, name, value, error, hint } = props;
  const dir = props.dir ?? (leftToRightTypes.has(props.type) ? 'ltr' : undefined);
  return (
    <FieldWrap error={error}>
      <Label {...props} />
      <HintAndError {...props} />
      <input
        type={props.type ?? 'text'}
        id={id}
        name={name}
        value={value}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete}
        dir={dir}
        lang={props.lang}
        spellcheck={props.spellCheck}
        size={props.size}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </FieldWrap>
  );
}

export interface TextareaProps extends FieldProps {
  value: string;
  rows?: number;
  dir?: 'rtl' | 'ltr' | 'auto';
  lang?: string;
}

export function Textarea(props: TextareaProps) {
  const { id, name, value, error, hint } = props;
  return (
    <FieldWrap error={error}>
      <Label {...props} />
      <HintAndError {...props} />
      <textarea id={id} name={name} rows={props.rows ?? 5} dir={props.dir} lang={props.lang} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? 'true' : undefined}>
        {value}
      </textarea>
    </FieldWrap>
  );
}

export interface SelectProps extends FieldProps {
  value: string;
  options: readonly Option[];
  /** A first, empty choice, for an optional field or one that has no value yet. */
  emptyLabel?: string;
}

export function Select(props: SelectProps) {
  const { id, name, value, error, hint, options, emptyLabel } = props;
  return (
    <FieldWrap error={error}>
      <Label {...props} />
      <HintAndError {...props} />
      <select id={id} name={name} aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? 'true' : undefined}>
        {emptyLabel !== undefined ? (
          <option value="" selected={value === ''}>
            {emptyLabel}
          </option>
        ) : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldWrap>
  );
}

export interface CheckboxGroupProps extends FieldProps {
  values: readonly string[];
  options: readonly Option[];
}

/** A fieldset whose legend is the question; each box posts `name=value` when ticked. */
export function CheckboxGroup(props: CheckboxGroupProps) {
  const { i18n, id, name, label, optional, error, hint, values, options } = props;
  return (
    <FieldWrap error={error}>
      <fieldset aria-describedby={describedBy(id, hint, error)}>
        <legend>
          {label}
          {optional ? ` ${i18n.t('components.field.optional')}` : null}
        </legend>
        <HintAndError {...props} />
        {options.map((o, i) => {
          const boxId = i === 0 ? id : `${id}-${i + 1}`;
          return (
            <div class="checkbox" key={o.value}>
              <input type="checkbox" id={boxId} name={name} value={o.value} checked={values.includes(o.value)} aria-invalid={error ? 'true' : undefined} />
              <label for={boxId}>{o.label}</label>
            </div>
          );
        })}
      </fieldset>
    </FieldWrap>
  );
}
