export { ApiKey } from './api-key.entity';
export { KEY_PARTNER_STATUSES, isUsable } from './api-key.rules';
