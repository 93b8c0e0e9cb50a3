import { deliveryStatusNames, maturityNames, type DeliveryStatus, type MaturityLevel } from '../../core/maturity.ts';
import type { I18n } from '../i18n/translate.ts';

/**
 * A service's maturity level: its number in the page's digits and its name in the page's words,
 * so the level is never told by colour alone (and never as the stored code «L3» on a Persian page).
 */
export function MaturityTag({ i18n, level }: { i18n: I18n; level: MaturityLevel }) {
  return <span class="tag tag-maturity">{i18n.t('components.tag.maturity', { level: i18n.n(level), name: maturityNames[level][i18n.locale] })}</span>;
}

/** Whether a service is delivered through the window, listed in it, or outside it. */
export function DeliveryTag({ i18n, status }: { i18n: I18n; status: DeliveryStatus }) {
  return <span class={`tag tag-${status}`}>{deliveryStatusNames[status][i18n.locale]}</span>;
}
