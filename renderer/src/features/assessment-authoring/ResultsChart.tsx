// How the takers scored: ten bands of 10 points as bars, the pass mark's band marked. Plain elements
// rather than a chart library: ten bars need no axes to read, and the screen stays small.
import { useAuthoring } from './authoring-store';

export function ResultsChart({ passMark }: { readonly passMark: number }) {
  const submitted = useAuthoring((state) => state.submitted);
  const passed = useAuthoring((state) => state.passed);
  const bands = useAuthoring((state) => state.scoreBands);
  if (submitted === 0) {
    return <p className="au-muted au-results-empty">Nobody has submitted it yet.</p>;
  }
  const highest = Math.max(1, ...bands);
  const passBand = Math.min(9, Math.floor(passMark / 10));
  return (
    <figure className="au-results" aria-label="Score distribution">
      <figcaption className="au-results-caption">
        <strong>{submitted}</strong> submitted · <strong>{passed}</strong> passed (
        {Math.round((100 * passed) / submitted)}%) · pass mark {passMark}%
      </figcaption>
      <ol className="au-bars">
        {bands.map((count, band) => (
          <li
            key={band}
            className="au-bar"
            data-passing={band >= passBand || undefined}
            aria-label={`${band * 10} to ${band === 9 ? 100 : band * 10 + 9}: ${count}`}
          >
            <span className="au-bar-count" aria-hidden="true">
              {count > 0 ? count : ''}
            </span>
            <span
              className="au-bar-fill"
              style={{ height: `${Math.round((100 * count) / highest)}%` }}
              aria-hidden="true"
            />
            <span className="au-bar-label" aria-hidden="true">
              {band * 10}
            </span>
          </li>
        ))}
      </ol>
    </figure>
  );
}
