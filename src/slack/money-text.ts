const formats = new Map<string, Intl.NumberFormat>();

/** "$2.40", "€12.00", "CHF 3.10"; "<$0.01" for less than a cent that is not nothing. */
export function moneyText(amount: number, currency: string): string {
  let format = formats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    formats.set(currency, format);
  }
  if (amount > 0 && amount < 0.005) return `<${format.format(0.01)}`;
  return format.format(amount);
}

/** "48 h", "12.5 h", "40 min": hours as people read them. */
export function hoursText(hours: number): string {
  if (hours > 0 && hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  const rounded = Math.round(hours * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)} h`;
}

const BAR = '█';
const HALF = '▌';

/** A bar of up to `width` characters for `value` out of `max`, for a text chart. */
export function textBar(value: number, max: number, width = 20): string {
  if (max <= 0 || value <= 0) return '';
  const halves = Math.max(1, Math.round((value / max) * width * 2));
  return BAR.repeat(Math.floor(halves / 2)) + (halves % 2 === 1 ? HALF : '');
}
