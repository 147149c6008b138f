export { accountOverlap, MAX_OVERLAP_HASHES } from './account-overlap.service';
