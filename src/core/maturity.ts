/**
 * The maturity ladder of a government service and its delivery status in the window.
 * Level numbers are stable: they are stored, exported and compared against targets.
 */
export const maturityLevels = [0, 1, 2, 3, 4, 5] as const;
export type MaturityLevel = (typeof maturityLevels)[number];

export const maturityNames: Record<MaturityLevel, { code: string; en: string; fa: string }> = {
  0: { code: 'L0', en: 'Listed', fa: 'فهرست‌شده' },
  1: { code: 'L1', en: 'Informational', fa: 'اطلاع‌رسانی' },
  2: { code: 'L2', en: 'Online request', fa: 'درخواست برخط' },
  3: { code: 'L3', en: 'Fully electronic', fa: 'تمام‌الکترونیکی' },
  4: { code: 'L4', en: 'Integrated (once-only)', fa: 'یکپارچه (یک‌بار پرسش)' },
  5: { code: 'L5', en: 'Proactive / smart', fa: 'پیش‌نگر / هوشمند' },
};

export const deliveryStatuses = ['not_in_window', 'listed', 'delivered'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const deliveryStatusNames: Record<DeliveryStatus, { en: string; fa: string }> = {
  not_in_window: { en: 'Not in the window', fa: 'خارج از پنجره' },
  listed: { en: 'Listed in the window', fa: 'معرفی‌شده در پنجره' },
  delivered: { en: 'Delivered through the window', fa: 'ارائه‌شده در پنجره' },
};

/**
 * A service delivered through the window must at least accept requests online (L2): a
 * delivered service that is only listed or informational is a data-entry mistake that
 * would inflate the completion figures.
 */
export function maturityConsistent(level: MaturityLevel, status: DeliveryStatus): boolean {
  return status !== 'delivered' || level >= 2;
}
