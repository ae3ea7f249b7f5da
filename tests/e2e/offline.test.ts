// The journeys with the network cut under the workstation, in one workstation, in this order.
import { describe } from 'vitest';
import { describeOfflineOutbox } from './journeys/offline-outbox.js';
import { describeRefusedWrite } from './journeys/refused-write.js';
import { useJourneyWorld } from './support/journey.js';

describe('the workstation offline', () => {
  const current = useJourneyWorld();
  describeOfflineOutbox(current);
  describeRefusedWrite(current);
});
