// Placeholder until the screen is built (issue 12).
export default function FloorView() {
  return <section className="screen-placeholder">Not built yet.</section>;
}
