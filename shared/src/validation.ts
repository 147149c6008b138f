import { BadUserInputError } from './errors';
import { normaliseDomainName } from './domain';

/** Trimmed, non-empty text no longer than `max`; the field is named in the error. */
export function requiredText(value: string, field: string, max = 200): string {
  const text = value.trim();
  if (text === '') throw new BadUserInputError(`${field} must not be empty`, field);
  if (text.length > max) throw new BadUserInputError(`${field} must be at most ${max} characters`, field);
  return text;
}

export function optionalText(value: string | null | undefined, field: string, max = 200): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return requiredText(value, field, max);
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export function optionalEmail(value: string | null | undefined, field = 'email'): string | null {
  const email = optionalText(value, field, 254);
  if (email === null) return null;
  if (!EMAIL_RE.test(email)) throw new BadUserInputError(`${field} is not a valid email address`, field);
  return email.toLowerCase();
}

export function optionalPhone(value: string | null | undefined, field = 'phone'): string | null {
  const phone = optionalText(value, field, 40);
  if (phone === null) return null;
  const digits = phone.replace(/[\s().-]/g, '');
  if (!/^\+?\d{6,15}$/.test(digits))
    throw new BadUserInputError(`${field} is not a valid phone number`, field);
  return digits;
}

/** "https://www.Acme.com/about" → "acme.com" (`normaliseDomainName`, the one rule), or BAD_USER_INPUT. */
export function normaliseDomain(value: string | null | undefined, field = 'domain'): string | null {
  const text = optionalText(value, field, 253);
  if (text === null) return null;
  const host = normaliseDomainName(text);
  if (host === null) throw new BadUserInputError(`${field} is not a valid domain`, field);
  return host;
}

export function intInRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadUserInputError(`${field} must be an integer from ${min} to ${max}`, field);
  }
  return value;
}

/** Bounds on the values of one request's inputs; 0 switches a bound off. */
export interface InputBounds {
  /** Deepest nesting of objects and lists in one value (the value itself is level 1). */
  maxDepth: number;
  /** Longest list. */
  maxListLength: number;
  /** Longest string. */
  maxStringLength: number;
  /** Values in all inputs together (objects, lists and scalars each count 1). */
  maxValues: number;
}

/**
 * Refuses input values beyond `bounds` with BAD_USER_INPUT (HTTP 400), before anything recursive
 * (graphql-js coercion, a filter compiler) walks them: the walk is iterative, so a value nested
 * 20,000 deep is refused, not a stack overflow. `roots` are named values (variables, arguments).
 */
export function assertInputBounds(roots: Record<string, unknown>, bounds: InputBounds): void {
  const refuse = (message: string, field: string): never => {
    throw new BadUserInputError(message, field, { http: { status: 400 } });
  };
  let values = 0;
  const stack: { value: unknown; depth: number; field: string }[] = Object.entries(roots).map(
    ([field, value]) => ({ value, depth: 1, field }),
  );
  while (stack.length > 0) {
    const { value, depth, field } = stack.pop()!;
    values += 1;
    if (bounds.maxValues > 0 && values > bounds.maxValues) {
      refuse(`inputs may hold at most ${bounds.maxValues} input values`, field);
    }
    if (typeof value === 'string') {
      if (bounds.maxStringLength > 0 && value.length > bounds.maxStringLength)
        refuse(`${field}: a text may be at most ${bounds.maxStringLength} characters`, field);
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (bounds.maxDepth > 0 && depth > bounds.maxDepth) {
      refuse(`${field}: input values may not nest deeper than ${bounds.maxDepth} levels`, field);
    }
    if (Array.isArray(value)) {
      if (bounds.maxListLength > 0 && value.length > bounds.maxListLength)
        refuse(`${field}: a list may hold at most ${bounds.maxListLength} items`, field);
      for (const item of value) stack.push({ value: item, depth: depth + 1, field });
    } else {
      for (const item of Object.values(value)) stack.push({ value: item, depth: depth + 1, field });
    }
  }
}
