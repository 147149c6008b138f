import { UnauthenticatedError } from '../errors';
import type { Identity, PartnerMembership } from './identity';
import { membershipHonoured } from './permissions';

/** Asks the owner of partner membership (the PRM) what a PARTNER identity is now: null if nothing. */
export type MembershipLookup = (sub: string, partnerId: string) => Promise<PartnerMembership | null>;

export interface MembershipCheckOptions {
  /** How long an answer is trusted, in ms (default MEMBERSHIP_CACHE_MS, else 5000; at most 5000; 0 = ask every time). */
  cacheMs?: number;
  /** The clock (ms), for tests. */
  now?: () => number;
}

const MAX_CACHE_MS = 5000;
const MAX_ENTRIES = 10_000;

export function membershipCacheMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.MEMBERSHIP_CACHE_MS ?? MAX_CACHE_MS);
  return Number.isFinite(value) && value >= 0 ? Math.min(value, MAX_CACHE_MS) : MAX_CACHE_MS;
}

/**
 * The check every subgraph applies to every request at context creation (see `listenSubgraph`):
 * a PARTNER identity is honoured only while the PRM knows it as an active (or invited) user or a
 * usable key of the partner it names, and it leaves with the membership that `can` applies (the
 * partner's status caps what it may do: PARTNER_STATUS_ACCESS). Answers are cached a few seconds;
 * `invalidate()` forgets them all (the PRM calls it when a partner, partner user or key changes).
 */
export class MembershipCheck {
  private readonly cache = new Map<string, { at: number; answer: Promise<PartnerMembership | null> }>();
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(
    private readonly lookup: MembershipLookup,
    options: MembershipCheckOptions = {},
  ) {
    this.cacheMs = Math.min(options.cacheMs ?? membershipCacheMs(), MAX_CACHE_MS);
    this.now = options.now ?? Date.now;
  }

  /** The identity with its membership, or UNAUTHENTICATED; other roles pass unchanged. */
  async verify(identity: Identity): Promise<Identity> {
    if (identity.role !== 'PARTNER') return identity;
    const membership = await this.membership(identity.sub, identity.partnerId!);
    if (!membership || !membershipHonoured(membership)) {
      throw new UnauthenticatedError('This partner identity is no longer valid');
    }
    return { ...identity, membership };
  }

  /** The membership of `sub` in `partnerId`, from the cache while fresh. */
  membership(sub: string, partnerId: string): Promise<PartnerMembership | null> {
    const key = `${partnerId} ${sub}`;
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && now - cached.at < this.cacheMs) return cached.answer;
    const answer = this.lookup(sub, partnerId);
    if (this.cacheMs > 0) {
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      const entry = { at: now, answer };
      this.cache.set(key, entry);
      // A failed look-up is not remembered.
      answer.catch(() => this.cache.get(key) === entry && this.cache.delete(key));
    }
    return answer;
  }

  invalidate(): void {
    // Look-ups in flight were cached before the change committed: they go too.
    this.cache.clear();
  }
}
