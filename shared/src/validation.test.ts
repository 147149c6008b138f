import { normaliseDomain, optionalEmail, optionalPhone, requiredText } from './validation';

test('domains are normalised for duplicate detection', () => {
  expect(normaliseDomain('https://www.Acme.com/about')).toBe('acme.com');
  expect(normaliseDomain('shop.acme.co.uk')).toBe('shop.acme.co.uk');
  expect(normaliseDomain('  ')).toBeNull();
  expect(() => normaliseDomain('not a domain')).toThrow('valid domain');
});

test('emails and phones are checked and normalised', () => {
  expect(optionalEmail('Ana.Novak@Acme.COM')).toBe('ana.novak@acme.com');
  expect(() => optionalEmail('ana@')).toThrow('valid email');
  expect(optionalPhone('+49 (30) 123-4567')).toBe('+49301234567');
  expect(() => optionalPhone('call me')).toThrow('valid phone');
});

test('required text is trimmed and bounded', () => {
  expect(requiredText('  Acme ', 'name')).toBe('Acme');
  expect(() => requiredText('   ', 'name')).toThrow('name must not be empty');
  expect(() => requiredText('x'.repeat(201), 'name')).toThrow('at most 200');
});
