// The journeys with the network up, in one workstation (signed out at first), in this order.
import { describe } from 'vitest';
import { describeAssessment } from './journeys/assessment.js';
import { describeCallLogging } from './journeys/call-logging.js';
import { describePaidAssessment } from './journeys/paid-assessment.js';
import { describeReassignment } from './journeys/reassignment.js';
import { describeSignIn } from './journeys/sign-in.js';
import { useJourneyWorld } from './support/journey.js';

describe('the workstation online', () => {
  const current = useJourneyWorld();
  describeSignIn(current);
  describeCallLogging(current);
  describeAssessment(current);
  describePaidAssessment(current);
  describeReassignment(current);
});
