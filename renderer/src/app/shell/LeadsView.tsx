// The managers' leads screen: importing a CSV and distributing or reassigning leads, side by side.
// It only places the two features; each owns its panel and store.
export default function LeadsView() {
  return <section className="screen-placeholder">Not built yet.</section>;
}
