import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './theme/tokens.css';
// Styles every first screen needs, in cascade order; each page's own styles load with its chunk (styles/README.md).
import './styles/base.css';
import './styles/controls.css';
import './styles/forms.css';
import './styles/layout.css';
import './styles/sidebar.css';
import './styles/workspace-picker.css';
import './styles/home.css';
import './styles/composer.css';
import './styles/test-result.css';
import './styles/catalog.css';
import './styles/notices.css';
import './styles/modal.css';
import { Bootstrap } from './ui/Bootstrap.js';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');
createRoot(container).render(
  <StrictMode>
    <Bootstrap />
  </StrictMode>,
);
