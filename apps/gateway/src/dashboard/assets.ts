// The dashboard's one stylesheet, served from /dashboard/assets/dashboard.css so that the
// Content-Security-Policy can forbid inline styles and every script.
export const DASHBOARD_CSS = `
:root { color-scheme: light dark; --line: #8884; --muted: #888; --ok: #2a7d3f; --bad: #b3261e; --accent: #3b5bdb; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; }
header { display: flex; gap: 1.25rem; align-items: center; padding: .6rem 1.25rem; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
header strong { margin-right: 1rem; }
header a { text-decoration: none; color: inherit; }
header a.current { color: var(--accent); font-weight: 600; }
header form { margin-left: auto; }
main { padding: 1rem 1.25rem 3rem; max-width: 1400px; }
h1 { font-size: 1.3rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.05rem; margin: 1.6rem 0 .6rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: .75rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; white-space: nowrap; }
td.data { font-family: ui-monospace, monospace; font-size: 12px; white-space: pre-wrap; word-break: break-word; max-width: 60ch; }
code, .mono { font-family: ui-monospace, monospace; font-size: 12px; }
.ok { color: var(--ok); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.muted { color: var(--muted); }
.status { display: inline-block; padding: 0 .45rem; border-radius: .6rem; border: 1px solid var(--line); font-size: 12px; }
.status-completed, .status-answered, .status-approved { color: var(--ok); }
.status-failed, .status-dead, .status-expired, .status-disabled { color: var(--bad); }
.status-running, .status-blocked, .status-pending { color: var(--accent); }
form.inline { display: inline; }
form.filters { display: flex; gap: .6rem; align-items: end; flex-wrap: wrap; margin-bottom: .8rem; }
label { display: flex; flex-direction: column; gap: .15rem; font-size: 12px; }
input, select, button { font: inherit; padding: .25rem .45rem; }
button { cursor: pointer; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: .75rem; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .8rem; }
.card b { display: block; font-size: 1.4rem; }
nav.pages { display: flex; gap: 1rem; }
.login { max-width: 28rem; margin: 4rem auto; }
.login input { width: 100%; }
.notice { border: 1px solid var(--line); border-left: 4px solid var(--accent); padding: .5rem .75rem; margin-bottom: 1rem; }
`;
