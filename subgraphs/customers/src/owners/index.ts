export { OwnerChange } from './owner-change.entity';
export { handOverRecords, reassignOwner } from './owner.service';
