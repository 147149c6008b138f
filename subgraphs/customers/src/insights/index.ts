export { openTicketCount, pipelineFigures, purchaseFigures } from './insights.service';
