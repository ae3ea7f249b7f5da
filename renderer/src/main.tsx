import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './app.css';

const host = document.getElementById('root');
if (host === null) throw new Error('index.html has no #root element');

// Tests wait for this attribute instead of sleeping (STYLE.md).
const markReady = (): void => {
  host.dataset.appState = 'ready';
};

createRoot(host).render(
  <StrictMode>
    <App onMounted={markReady} />
  </StrictMode>,
);
