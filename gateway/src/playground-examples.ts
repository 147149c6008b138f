/** An operation the playground opens as a tab, for the role that may run it. */
export interface PlaygroundExample {
  role: 'PARTNER' | 'ANALYST' | 'ADMIN' | 'SALES' | 'CHANNEL_MANAGER';
  title: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** Example operations per role; a test validates each against the composed API schema. */
export const PLAYGROUND_EXAMPLES: readonly PlaygroundExample[] = [
  {
    role: 'PARTNER',
    title: "A partner's pipeline",
    query: `# Role PARTNER: who you are, what you may do, your deal registrations and the deals you sourced.
query PartnerPipeline {
  me {
    sub
    role
    partner {
      id
      name
      status
      dealRegistrations(first: 20) {
        totalCount
        edges { node { id prospectCompanyName estimatedAmount currency expectedCloseDate status } }
      }
      sourcedDeals(first: 20) {
        totalCount
        edges { node { id title stage amount currency expectedCloseDate } }
      }
    }
    permissions { subject read create update delete }
  }
}
`,
  },
  {
    role: 'PARTNER',
    title: 'Register a deal',
    query: `# Role PARTNER: register a prospect you are working on; a channel manager reviews it.
mutation RegisterDeal($input: RegisterDealInput!) {
  registerDeal(input: $input) {
    id
    status
    prospectCompanyName
    estimatedAmount
    currency
    expectedCloseDate
    conflicts { id status }
  }
}
`,
    variables: {
      input: {
        prospectCompanyName: 'Example Prospect GmbH',
        prospectDomain: 'example-prospect.test',
        estimatedAmount: '48000.00',
        currency: 'EUR',
        expectedCloseDate: '2027-06-30',
        products: ['Platform'],
      },
    },
  },
  {
    role: 'ANALYST',
    title: 'BI pull',
    query: `# Role ANALYST (or ADMIN): partners with their results in a period, and open deals by stage.
query BiPull($period: PeriodInput!) {
  partners(first: 50) {
    totalCount
    edges {
      node {
        id
        name
        tier
        status
        performance(period: $period) { from to dealsWon dealsLost winRate byCurrency { currency sourcedPipeline wonRevenue } }
      }
    }
  }
  deals(first: 100) {
    totalCount
    edges { node { id title stage amount currency expectedCloseDate sourcedBy { id name } } }
  }
}
`,
    variables: { period: { from: '2026-01-01', to: '2026-12-31' } },
  },
  {
    role: 'PARTNER',
    title: 'Would my registration be flagged?',
    query: `# Role PARTNER: before registering, ask whether the prospect is owned under the rules of engagement
# (by our direct sales or another partner); the answer names nobody.
query RegistrationConflict($company: String!, $domain: String) {
  checkRegistrationConflict(company: $company, domain: $domain) { conflict kind }
}
`,
    variables: { company: 'Example Prospect GmbH', domain: 'example-prospect.test' },
  },
  {
    role: 'CHANNEL_MANAGER',
    title: 'Channel conflicts',
    query: `# Role CHANNEL_MANAGER (or ADMIN, ANALYST): registrations flagged by the rules of engagement, by partner
# and month: overrides, outcomes and time to resolve; and the accounts' ownership.
query ChannelConflicts($period: PeriodInput!) {
  channelConflictAnalytics(period: $period) {
    totals { conflicts directConflicts partnerConflicts overrides approved rejected unresolved dealsWon dealsLost averageHoursToResolve }
    rows { partnerId month conflicts overrides approved rejected dealsWon dealsLost averageHoursToResolve }
  }
  customers(first: 20) {
    edges { node { id name ownership ownerPartnerId ownershipHistory(first: 5) { edges { node { fromOwnership toOwnership reason changedAt } } } } }
  }
}
`,
    variables: { period: { from: '2024-01-01', to: '2026-12-31' } },
  },
];
