// Times in words for the inspector: a JWT's NumericDate claims as local dates and as spans
// relative to now ("expires in 1 hour 59 minutes", "expired 3 minutes ago").

const UNITS = [
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/**
 * A span of seconds in words, its two largest units: 7140 → "1 hour 59 minutes".
 *
 * @example
 * spanWords(93784); // "1 day 2 hours"
 *
 * @param {number} seconds a non-negative number (fractions are dropped)
 * @returns {string}
 */
export function spanWords(seconds) {
  let rest = Math.floor(Math.max(0, seconds));
  if (rest === 0) return 'less than a second';
  const parts = [];
  for (const [unit, size] of UNITS) {
    if (rest < size) continue;
    const count = Math.floor(rest / size);
    parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
    rest %= size;
    // The two largest units say enough ("2 days 3 hours"); the next ones only add noise.
    if (parts.length === 2) break;
  }
  return parts.join(' ');
}

/**
 * A NumericDate (seconds since the epoch) as a local date and time, with the zone.
 *
 * @example
 * localDate(1700000000); // "Nov 14, 2023, 10:13:20 PM UTC" in a UTC browser
 *
 * @param {number} seconds
 * @returns {string}
 */
export function localDate(seconds) {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return 'not a date';
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' });
}
