/**
 * Words that say what kind of company it is, not which company: legal forms (of the countries we
 * sell in) and "group". Only dropped at the end of a name (see `normaliseCompanyName`).
 */
const LEGAL_FORMS = new Set([
  'inc',
  'incorporated',
  'llc',
  'llp',
  'ltd',
  'limited',
  'plc',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'ag',
  'kg',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'ab',
  'oy',
  'as',
  'pty',
  'kk',
  'group',
]);

/**
 * The key two company names are compared by, the one rule for both subgraphs: a CRM customer's
 * duplicate check (`customers.name_key`), a deal registration's conflict check
 * (`deal_registrations.prospect_company_key`) and a partner's duplicate application
 * (`partners.name_key`). "The ACME, Inc." → "acme"; "Société Générale S.A." → "societegenerale";
 * "Smith & Sons Ltd" → "smithandsons"; "Micro Soft" → "microsoft".
 *
 * - Case, accents, punctuation and spacing are ignored, and the words are joined without spaces:
 *   the same company is written "Data Bricks", "Data-Bricks" and "DataBricks", while names that
 *   differ only in their spaces are in practice never two companies. Dots and apostrophes go
 *   before the words are split, so "S.A." is the legal form "sa" and "McDonald's" is "mcdonalds".
 * - A leading "the" is dropped, and legal forms (with an "&"/"and" before them, as in "& Co. KG")
 *   only at the END of the name: a legal form inside a name is part of it ("AB InBev", "The
 *   Company Store", "Acme Co Industries" are not "inbev", "store", "acmeindustries").
 * - A name of nothing but such words keeps them ("Inc" → "inc", "The Group" → "group").
 * - Letters and digits of any script count ("株式会社トヨタ" keeps its characters); a name with no
 *   letter or digit at all has the key "" (a registration refuses it; the CRM stores no key).
 *
 * Why this rule (it replaces two): the CRM's dropped legal forms anywhere in a name and only knew
 * a short list (so "S.A." and "Group" never matched, while "AB InBev" would have lost its "ab"), and
 * the PRM's kept spaces and a leading "the" (so "The Acme Company" and "Acme", "Micro Soft" and
 * "Microsoft" were two prospects and two partners could both register them). A false match costs
 * a review (registration conflicts are flagged, a customer duplicate takes `allowDuplicate`); a
 * missed one costs a double registration or a duplicate record, so the rule errs towards matching
 * while keeping every word that can tell two companies apart.
 */
export function normaliseCompanyName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[.'’]/g, '')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter((word) => word !== '');
  if (words.length > 1 && words[0] === 'the') words.shift();
  let end = words.length;
  while (end > 1 && LEGAL_FORMS.has(words[end - 1])) {
    end -= 1;
    if (end > 1 && words[end - 1] === 'and') end -= 1;
  }
  return words.slice(0, end).join('').normalize('NFC');
}
