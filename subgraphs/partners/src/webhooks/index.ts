export { webhookDispatcher, WebhookDispatcher, type WebhookDispatcherOptions } from './webhook.dispatcher';
export { setWebhookTargetPolicy } from './webhook.service';
