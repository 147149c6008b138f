export { startGateway } from './gateway';
export { composeSupergraph } from './compose';
