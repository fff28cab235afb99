import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './theme/tokens.css';
import './theme/app.css';
import { Bootstrap } from './ui/Bootstrap.js';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');
createRoot(container).render(
  <StrictMode>
    <Bootstrap />
  </StrictMode>,
);
