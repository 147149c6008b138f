import { domainHash, normaliseDomainName } from './domain';

test('normalises a domain: case, spaces, scheme, path, www, port, trailing dot, IDN', () => {
  expect(normaliseDomainName('acme.com')).toBe('acme.com');
  expect(normaliseDomainName('  https://www.Acme.COM/about?x=1#top ')).toBe('acme.com');
  expect(normaliseDomainName('HTTP://user@www.acme.com:8080/')).toBe('acme.com');
  expect(normaliseDomainName('acme.com.')).toBe('acme.com');
  expect(normaliseDomainName('shop.acme.co.uk')).toBe('shop.acme.co.uk');
  expect(normaliseDomainName('Bücher.example')).toBe('xn--bcher-kva.example');
  expect(normaliseDomainName('https://www.bücher.example./katalog')).toBe('xn--bcher-kva.example');
  expect(normaliseDomainName('例え.テスト')).toBe('xn--r8jz45g.xn--zckzah');
  expect(normaliseDomainName('xn--bcher-kva.example')).toBe('xn--bcher-kva.example');
  // Only the leading www. goes: it is part of a name elsewhere.
  expect(normaliseDomainName('www.www.acme.com')).toBe('www.acme.com');
  expect(normaliseDomainName('wwwacme.com')).toBe('wwwacme.com');
});

test('refuses what is not a host name', () => {
  for (const bad of [
    '',
    '   ',
    'not a domain',
    'localhost',
    'acme',
    'https://',
    '1.2.3.4',
    'a..com',
    '-'.repeat(3),
  ]) {
    expect(normaliseDomainName(bad)).toBeNull();
  }
});

test('hash: sha256 hex of the normalised domain (the published recipe)', () => {
  const acme = '1194228da8fdbdeefd261bd7b6595cfd70a50d70c6407bcf013de96d4efb17de';
  expect(domainHash('acme.com')).toBe(acme);
  expect(domainHash('https://www.ACME.com/pricing')).toBe(acme);
  expect(domainHash('acme.com.')).toBe(acme);
  expect(domainHash('Bücher.example')).toBe(domainHash('xn--bcher-kva.example'));
  expect(domainHash('not a domain')).toBeNull();
  expect(domainHash('acme.com')).toMatch(/^[0-9a-f]{64}$/);
});
