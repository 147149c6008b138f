import { In, Not } from 'typeorm';
import { ConflictError, assertId } from '@sales-graph/shared/errors';
import { normaliseDomain, optionalText, requiredText } from '@sales-graph/shared/validation';
import type { PartnersContext } from '../context.type';
import { assertPartnerAdmin } from '../partner-users';
import { lockPartner } from './partner.service';
import { Partner, PartnerStatus } from './partner.entity';
import type { UpdatePartnerInput } from './partner.input';

/**
 * A partner's admin edits its own profile: name, region, domain. A partner user must be an active
 * ADMIN of it (FORBIDDEN else); another partner reads as NOT_FOUND (the row scope). A domain that
 * another live partner holds is a CONFLICT. Written through the entity (audited).
 */
export async function updatePartnerProfile(
  ctx: PartnersContext,
  id: string,
  input: UpdatePartnerInput,
): Promise<Partner> {
  const partnerId = assertId('Partner', id);
  const changes: Partial<Pick<Partner, 'name' | 'region' | 'domain'>> = {};
  if (input.name !== undefined) changes.name = requiredText(input.name ?? '', 'name');
  if (input.region !== undefined) changes.region = optionalText(input.region, 'region', 100);
  if (input.domain !== undefined) changes.domain = normaliseDomain(input.domain);
  await assertPartnerAdmin(ctx);
  return ctx.dataSource.transaction(async (manager) => {
    const partner = await lockPartner(ctx, manager, partnerId);
    if (changes.domain && changes.domain !== partner.domain) {
      const holder = await manager.findOne(Partner, {
        where: {
          domain: changes.domain,
          id: Not(partner.id),
          status: Not(In([PartnerStatus.REJECTED, PartnerStatus.TERMINATED])),
        },
      });
      if (holder) throw new ConflictError('Another partner holds this domain', 'domain');
    }
    Object.assign(partner, changes);
    return manager.save(partner);
  });
}
