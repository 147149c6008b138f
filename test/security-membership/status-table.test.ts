import { PARTNER_STATUSES } from '@sales-graph/shared/auth/identity';
import { PARTNER_STATUS_ACCESS } from '@sales-graph/shared/auth/permissions';
import { PartnerStatus } from '../../subgraphs/partners/src/partners/partner.entity';

test('the permission table decides access for every status the PRM knows, and no other', () => {
  expect([...PARTNER_STATUSES].sort()).toEqual(Object.values(PartnerStatus).sort());
  expect(Object.keys(PARTNER_STATUS_ACCESS).sort()).toEqual(Object.values(PartnerStatus).sort());
});
