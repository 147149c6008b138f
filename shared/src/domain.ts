import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';

const HOST = /^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The one web-domain normaliser (customer domains, account mapping): what remains of a URL or
 * host once the parts that do not say which company it is are gone. Lower-case, trimmed, without
 * scheme, user, port, path, query, fragment, trailing dot or leading "www."; an internationalised
 * name in its punycode (ASCII) form. "https://www.Acme.com/about" → "acme.com";
 * "Bücher.example." → "xn--bcher-kva.example". Null when what is left is not a host name.
 */
export function normaliseDomainName(value: string): string | null {
  const host = value
    .trim()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/[/?#].*$/s, '')
    .replace(/^[^@]*@/, '')
    .replace(/:\d*$/, '')
    .replace(/\.+$/, '');
  const ascii = domainToASCII(host.toLowerCase())
    .replace(/\.+$/, '')
    .replace(/^www\./, '');
  return HOST.test(ascii) ? ascii : null;
}

/**
 * The account-mapping hash of a domain: sha256 of the normalised domain's ASCII bytes, as 64
 * lower-case hex digits. A partner computes the same from its own accounts (README "Account
 * mapping"): sha256("acme.com") = "1194228da8fdbdee…".
 */
export function domainHash(domain: string): string | null {
  const normal = normaliseDomainName(domain);
  return normal === null ? null : createHash('sha256').update(normal, 'utf8').digest('hex');
}
