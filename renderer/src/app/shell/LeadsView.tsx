// The managers' leads screen: importing a CSV and distributing or reassigning leads, side by side.
// It only places the two features; each owns its panel and store.
import { DistributionPanel } from '../../features/distribution/DistributionPanel';
import { useDistribution } from '../../features/distribution/distribution-store';
import { ImportPanel } from '../../features/import/ImportPanel';
import './leads-view.css';

/** Newly imported leads join the pool the distribution panel counts. */
const recountPool = () => void useDistribution.getState().refresh();

export default function LeadsView() {
  return (
    <div className="leads-view">
      <ImportPanel onApplied={recountPool} />
      <DistributionPanel />
    </div>
  );
}
