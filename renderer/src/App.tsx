import { useEffect } from 'react';

interface AppProps {
  onMounted: () => void;
}

const SECTIONS = ['Call queue', 'Callbacks', 'Floor board', 'Assessments'] as const;

export function App({ onMounted }: AppProps) {
  useEffect(() => {
    onMounted();
  }, [onMounted]);

  return (
    <div className="shell">
      <aside className="sidebar" aria-label="Sections">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            T
          </span>
          <span className="brand-name">TalentG</span>
        </div>
        <nav>
          <ul className="nav-list">
            {SECTIONS.map((section) => (
              <li key={section}>
                <button type="button" className="nav-item" disabled>
                  {section}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="main">
        <header className="topbar">
          <h1 className="title">TalentG Workstation</h1>
          <p className="connection" role="status" aria-live="polite">
            <span className="connection-dot" aria-hidden="true" />
            Connecting…
          </p>
        </header>
        <main className="content">
          <section className="placeholder">
            <h2>Connecting to the workstation</h2>
            <p>Your queue appears here once the workstation core is ready.</p>
          </section>
        </main>
      </div>
    </div>
  );
}
