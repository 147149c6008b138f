import { normaliseCompanyName } from './company-name';

describe('normaliseCompanyName: the one company-name key of both subgraphs', () => {
  it('ignores case, accents, punctuation, spacing and a trailing legal form (what both rules agreed on)', () => {
    expect(normaliseCompanyName('The ACME, Inc.')).toBe('acme');
    expect(normaliseCompanyName('ACME, Inc.')).toBe('acme');
    expect(normaliseCompanyName('Acme GmbH')).toBe('acme');
    expect(normaliseCompanyName('Ácme  Ltd')).toBe('acme');
    expect(normaliseCompanyName('Acme Incorporated')).toBe('acme');
    expect(normaliseCompanyName('Müller & Söhne AG')).toBe('mullerandsohne');
    expect(normaliseCompanyName('Acme Industries')).toBe('acmeindustries');
    expect(normaliseCompanyName('Smith & Sons Ltd')).toBe('smithandsons');
  });

  it('keeps a name of legal forms only', () => {
    expect(normaliseCompanyName('Inc')).toBe('inc');
    expect(normaliseCompanyName('Group')).toBe('group');
    expect(normaliseCompanyName('The Group')).toBe('group');
  });

  // Where the CRM's rule (legal forms anywhere, short list, joined) and the PRM's (trailing
  // suffixes, longer list, spaces kept) answered differently.
  it.each([
    // The PRM's rule said the same, the CRM's did not ("s a" and "group" were not legal forms).
    ['  Société Générale S.A. ', 'Societe Generale', 'societegenerale'],
    ['Acme Group', 'Acme', 'acme'],
    ['Nokia Oy', 'Nokia', 'nokia'],
    // The CRM's rule said the same, the PRM's did not (leading "the", spaces).
    ['The Acme Company', 'Acme', 'acme'],
    ['Micro Soft', 'Microsoft', 'microsoft'],
    ['Data-Bricks', 'Databricks', 'databricks'],
  ])('"%s" and "%s" are the same company (%s)', (a, b, key) => {
    expect(normaliseCompanyName(a)).toBe(key);
    expect(normaliseCompanyName(b)).toBe(key);
  });

  it('drops legal forms only at the end, with an "& Co." before them', () => {
    expect(normaliseCompanyName('Acme GmbH & Co. KG')).toBe('acme');
    expect(normaliseCompanyName('Acme Co Industries')).toBe('acmecoindustries');
    expect(normaliseCompanyName('AB InBev')).toBe('abinbev');
    expect(normaliseCompanyName('The Company Store')).toBe('companystore');
  });

  it('reads dots and apostrophes as part of a word, and any script', () => {
    expect(normaliseCompanyName("McDonald's")).toBe('mcdonalds');
    expect(normaliseCompanyName('A.C.M.E. Ltd.')).toBe('acme');
    expect(normaliseCompanyName('株式会社トヨタ')).toBe('株式会社トヨタ');
    expect(normaliseCompanyName('ガス')).toBe('ガス');
    expect(normaliseCompanyName('!!!')).toBe('');
  });
});
