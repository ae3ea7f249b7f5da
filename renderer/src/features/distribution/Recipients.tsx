// Who gets the leads: the server's active telecallers, each with a weight (weighted mode) and the open
// leads they hold now (what a cap counts); and how to share: round-robin, weighted or capped.
import { DISTRIBUTION_MODES } from '../../../../src/contract/operations/manager';
import type { DistributionMode } from './distribution-plan';
import type { Choice, Telecaller } from './distribution-store';

const MODE_WORDS: Readonly<Record<DistributionMode, string>> = {
  'round-robin': 'Round-robin',
  weighted: 'Weighted',
  capped: 'Capped',
};

export function personName(person: Pick<Telecaller, 'full_name' | 'email'>): string {
  return person.full_name.trim() === '' ? person.email : person.full_name;
}

export function Recipients({
  telecallers,
  choices,
  mode,
  cap,
  onChoose,
  onWeight,
  onMode,
  onCap,
}: {
  readonly telecallers: readonly Telecaller[] | null;
  readonly choices: Readonly<Record<string, Choice>>;
  readonly mode: DistributionMode;
  readonly cap: number;
  readonly onChoose: (id: string, chosen: boolean) => void;
  readonly onWeight: (id: string, weight: number) => void;
  readonly onMode: (mode: DistributionMode) => void;
  readonly onCap: (cap: number) => void;
}) {
  return (
    <fieldset className="ds-recipients">
      <legend className="ds-legend">To whom</legend>
      <div className="ds-modes" role="radiogroup" aria-label="Mode">
        {DISTRIBUTION_MODES.map((each) => (
          <label key={each} className={each === mode ? 'ds-mode is-on' : 'ds-mode'}>
            <input
              type="radio"
              name="ds-mode"
              value={each}
              checked={each === mode}
              onChange={() => onMode(each)}
            />
            {MODE_WORDS[each]}
          </label>
        ))}
        {mode === 'capped' ? (
          <label className="ds-cap">
            <span>nobody above</span>
            <input
              className="input ds-input ds-number"
              type="number"
              min={0}
              aria-label="Cap of open leads per telecaller"
              value={cap}
              onChange={(event) => onCap(event.currentTarget.valueAsNumber)}
            />
            <span>open leads</span>
          </label>
        ) : null}
      </div>
      {telecallers === null ? (
        <p className="ds-faint">Loading the telecallers…</p>
      ) : telecallers.length === 0 ? (
        <p className="ds-faint">There are no active telecallers to give leads to.</p>
      ) : (
        <ul className="ds-people" aria-label="Telecallers">
          {telecallers.map((person) => {
            const choice = choices[person.id] ?? { chosen: false, weight: 1 };
            return (
              <li
                key={person.id}
                className={choice.chosen ? 'ds-person is-chosen' : 'ds-person'}
                data-user-id={person.id}
              >
                <label className="ds-check ds-person-name">
                  <input
                    type="checkbox"
                    aria-label={`Give leads to ${person.email}`}
                    checked={choice.chosen}
                    onChange={(event) => onChoose(person.id, event.currentTarget.checked)}
                  />
                  <span>
                    {personName(person)}
                    {person.full_name.trim() === '' ? null : (
                      <span className="ds-faint"> {person.email}</span>
                    )}
                  </span>
                </label>
                <span className="ds-held" title="Open leads they hold now">
                  {person.open_leads.toLocaleString()} open
                </span>
                {mode === 'weighted' ? (
                  <input
                    className="input ds-input ds-number"
                    type="number"
                    min={1}
                    max={1000}
                    aria-label={`Weight of ${person.email}`}
                    disabled={!choice.chosen}
                    value={choice.weight}
                    onChange={(event) => onWeight(person.id, event.currentTarget.valueAsNumber)}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
