/**
 * Fixed-point decimal arithmetic for the STV counts (SPEC §13): a value with `places`
 * decimal places is the integer `value × 10^places`. Every operation that can leave the
 * grid says how it rounds (`'down'` truncates, `'up'` rounds towards +∞), so a rule module
 * never rounds inline (STYLE: Droop keeps rules apart from arithmetic).
 *
 * Values are JavaScript integers, never fractions: every result is checked to be a safe
 * integer (|x| < 2^53) and a product that would leave that range is computed with `bigint`,
 * so no operation ever rounds silently. Counts of up to tens of millions of ballots at
 * 9 places stay within range; beyond that a `RangeError` says so instead of miscounting.
 */
export type Fixed = number;

export type Rounding = 'down' | 'up';

export interface FixedDecimal {
  /** Decimal places: 5 for Scottish STV (SSI 2007/42 rule 48(3)), 9 for Meek-PRF. */
  readonly places: number;
  /** 10^places: the representation of 1. */
  readonly one: Fixed;
  /** The smallest positive value, 10^-places. */
  readonly epsilon: Fixed;
  /** A whole number n as a value. */
  fromInteger(n: number): Fixed;
  /** a × b / c, rounded as asked; b and c are plain integers or values alike (c > 0). */
  mulDiv(a: Fixed, b: number, c: number, rounding: Rounding): Fixed;
  /** a × b of two values, rounded to `places`. */
  mul(a: Fixed, b: Fixed, rounding: Rounding): Fixed;
  /** a ÷ b of two values, rounded to `places`. */
  div(a: Fixed, b: Fixed, rounding: Rounding): Fixed;
  /** Decimal text with exactly `places` places ("645.00000"), as results print values. */
  format(a: Fixed): string;
  /** Parses decimal text with at most `places` places; undefined if it is not such a number. */
  parse(text: string): Fixed | undefined;
}

const MAX = Number.MAX_SAFE_INTEGER;

/** The arithmetic of `places` decimal places (1 to 12). */
export function fixedDecimal(places: number): FixedDecimal {
  if (!Number.isInteger(places) || places < 1 || places > 12) throw new RangeError(`fixedDecimal: ${places} places`);
  const one = 10 ** places;
  // Split of the scale for `mul`: one = high × low, so partial products stay safe.
  const low = 10 ** Math.floor(places / 2);
  const high = one / low;
  const arithmetic: FixedDecimal = {
    places,
    one,
    epsilon: 1,
    fromInteger: (n) => checked(n * one),
    mulDiv,
    mul: (a, b, rounding) => mulScaled(a, b, one, high, low, rounding),
    div: (a, b, rounding) => mulDiv(a, one, b, rounding),
    format: (a) => formatFixed(a, places),
    parse: (text) => parseFixed(text, places),
  };
  return arithmetic;
}

/** a × b / c rounded; exact: a float product is used only while it is below 2^53. */
function mulDiv(a: number, b: number, c: number, rounding: Rounding): number {
  if (c <= 0) throw new RangeError('mulDiv: division by a non-positive number');
  const product = a * b;
  if (Math.abs(product) <= MAX) return divide(product, c, rounding);
  const [q, r] = [BigInt(a) * BigInt(b) / BigInt(c), BigInt(a) * BigInt(b) % BigInt(c)];
  return checked(Number(q) + adjust(Number(r), rounding));
}

/** Integer n / c rounded, for safe integers; corrects the float quotient to the exact one. */
function divide(n: number, c: number, rounding: Rounding): number {
  let q = Math.floor(n / c);
  let r = n - q * c;
  while (r < 0) { q -= 1; r += c; }
  while (r >= c) { q += 1; r -= c; }
  return checked(q + (rounding === 'up' && r > 0 ? 1 : 0));
}

/** The quotient's correction from bigint truncation (towards 0) to the asked rounding. */
function adjust(remainder: number, rounding: Rounding): number {
  if (remainder === 0) return 0;
  if (remainder > 0) return rounding === 'up' ? 1 : 0;
  return rounding === 'up' ? 0 : -1;
}

/**
 * a × b / one for non-negative values, exactly, without bigint in the common case (a ballot
 * weight times a keep factor, both at most 1): b = bh·one + bm·low + bl, so every partial
 * product stays below 2^53 while a < 2^53 / high.
 */
function mulScaled(a: number, b: number, one: number, high: number, low: number, rounding: Rounding): number {
  if (a < 0 || b < 0 || a * high > MAX || a * Math.floor(b / one) > MAX) return mulDiv(a, b, one, rounding);
  const bh = Math.floor(b / one);
  const rest = b - bh * one;
  const bm = Math.floor(rest / low);
  const bl = rest - bm * low;
  // a·rest / one = (a·bm·low + a·bl) / (high·low) = a·bm / high + a·bl / one.
  const x = a * bm;
  const qx = Math.floor(x / high);
  const rx = x - qx * high;
  const tail = rx * low + a * bl; // < one + a·low: safe
  const qt = Math.floor(tail / one);
  const remainder = tail - qt * one;
  return checked(a * bh + qx + qt + (rounding === 'up' && remainder > 0 ? 1 : 0));
}

function checked(n: number): number {
  if (!Number.isSafeInteger(n)) throw new RangeError(`fixed-point value out of range: ${n}`);
  return n;
}

function formatFixed(a: number, places: number): string {
  const sign = a < 0 ? '-' : '';
  const digits = String(Math.abs(a)).padStart(places + 1, '0');
  return `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

function parseFixed(text: string, places: number): number | undefined {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match || (match[3]?.length ?? 0) > places) return undefined;
  const value = Number(match[2]! + (match[3] ?? '').padEnd(places, '0'));
  if (!Number.isSafeInteger(value)) return undefined;
  return match[1] === '-' ? -value : value;
}
