import { BadUserInputError } from './errors';

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

/** "https://www.Acme.com/about" → "acme.com". */
export function normaliseDomain(value: string | null | undefined, field = 'domain'): string | null {
  const text = optionalText(value, field, 253);
  if (text === null) return null;
  const host = text
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/^www\./, '');
  if (!/^([a-z0-9-]+\.)+[a-z]{2,}$/.test(host))
    throw new BadUserInputError(`${field} is not a valid domain`, field);
  return host;
}

export function intInRange(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new BadUserInputError(`${field} must be an integer from ${min} to ${max}`, field);
  }
  return value;
}
