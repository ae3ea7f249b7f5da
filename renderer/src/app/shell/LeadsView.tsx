// The managers' leads screen: the floor's calling hours across the top, then importing a CSV and
// distributing or reassigning leads, side by side. It only places the features; each owns its panel.
import { CallingHoursPanel } from '../../features/calling-hours/CallingHoursPanel';
import { DistributionPanel } from '../../features/distribution/DistributionPanel';
import { useDistribution } from '../../features/distribution/distribution-store';
import { ImportPanel } from '../../features/import/ImportPanel';
import './leads-view.css';

/** Newly imported leads join the pool the distribution panel counts. */
const recountPool = () => void useDistribution.getState().refresh();

export default function LeadsView() {
  return (
    <div className="leads-view">
      <CallingHoursPanel />
      <ImportPanel onApplied={recountPool} />
      <DistributionPanel />
    </div>
  );
}
