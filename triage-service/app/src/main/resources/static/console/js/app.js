// The console shell: sign-in with an API key (kept in this tab's sessionStorage only), navigation, the tenant
// picker, and one page at a time. Each page gets an AbortSignal that fires when the user leaves it, which stops
// its polling and its live stream.
import { Api, ApiError } from './api.js';
import { alertBox, h, problem, replace } from './dom.js';
import * as incidents from './pages/incidents.js';
import * as jobs from './pages/jobs.js';
import * as reports from './pages/reports.js';
import * as tenants from './pages/tenants.js';
import * as triage from './pages/triage.js';

const KEY_STORAGE = 'sift.console.key';
const PAGES = [
  { id: 'tenants', title: 'Tenants', page: tenants, perTenant: true },
  { id: 'triage', title: 'Triage playground', page: triage, perTenant: true },
  { id: 'incidents', title: 'Major incidents', page: incidents, perTenant: true },
  { id: 'jobs', title: 'Jobs', page: jobs, perTenant: false },
  { id: 'reports', title: 'Backtest reports', page: reports, perTenant: false },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const session = document.getElementById('session');
let state = null; // {api, identity, tenants}
let leave = null; // AbortController of the page shown
let lastTenant = null; // the tenant chosen last, kept across the pages that are not per tenant

function route() {
  const [, page = 'tenants', tenant = null] = location.hash.split('/').map(decodeURIComponent);
  return { page: PAGES.find(p => p.id === page) ?? PAGES[0], tenant };
}

function go(page, tenant) {
  location.hash = `#/${page}${tenant ? `/${encodeURIComponent(tenant)}` : ''}`;
}

function signOut() {
  sessionStorage.removeItem(KEY_STORAGE);
  state = null;
  lastTenant = null;
  leave?.abort();
  replace(nav);
  replace(session);
  showSignIn(null);
}

function showSignIn(message) {
  const input = h('input', { type: 'password', id: 'api-key', name: 'api-key', autocomplete: 'off', required: true,
    placeholder: 'sift_… or sift-demo-key', 'aria-describedby': 'key-help' });
  const error = h('div');
  if (message) replace(error, alertBox('error', message));
  const form = h('form', { class: 'signin card', onsubmit: async event => {
    event.preventDefault();
    replace(error);
    try {
      await signIn(input.value.trim());
      sessionStorage.setItem(KEY_STORAGE, state.api.key);
    } catch (e) {
      replace(error, alertBox('error', e instanceof ApiError && e.status === 401
        ? 'This key is unknown or revoked.' : e.message));
    }
  } },
  h('h1', null, 'Sign in'),
  h('p', { id: 'key-help', class: 'muted' }, 'Paste an API key. An admin key sees every tenant; a tenant key sees '
    + 'its own tenant. The key stays in this browser tab and is sent only to this service.'),
  h('label', { for: 'api-key' }, 'API key'), input, error,
  h('button', { type: 'submit', class: 'primary', id: 'sign-in' }, 'Sign in'));
  replace(main, form);
  input.focus();
}

async function signIn(key) {
  const api = new Api(key);
  const identity = await api.get('/v1/key');
  const names = identity.kind === 'ADMIN'
    ? (await api.get('/v1/admin/tenants')).tenants.map(t => t.tenant)
    : [identity.tenant];
  state = { api, identity, tenants: names };
  renderSession();
  show();
}

function renderSession() {
  const { identity } = state;
  const who = identity.kind === 'ADMIN' ? 'Admin key' : `Tenant key · ${identity.tenant}`;
  const title = identity.name ? `Key "${identity.name}" (${identity.id})` : identity.id;
  replace(session, h('span', { class: 'who', id: 'who', title }, who),
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: signOut }, 'Sign out'));
}

function tenantPicker(current, page) {
  const names = state.tenants.includes(current) || !current ? state.tenants : [...state.tenants, current];
  const select = h('select', { id: 'tenant', 'aria-label': 'Tenant', onchange: () => go(page.id, select.value) },
    names.map(t => h('option', { value: t, selected: t === current }, t)));
  return h('label', { class: 'tenant-picker' }, 'Tenant ', select);
}

function show() {
  if (!state) return;
  leave?.abort();
  leave = new AbortController();
  const { page, tenant: asked } = route();
  const tenant = asked ?? lastTenant ?? (state.tenants.includes('demo') ? 'demo' : state.tenants[0] ?? null);
  if (page.perTenant) lastTenant = tenant;
  replace(nav, PAGES.map(p => h('a', {
    href: `#/${p.id}${p.perTenant && tenant ? `/${encodeURIComponent(tenant)}` : ''}`,
    class: p === page ? 'active' : null, 'aria-current': p === page ? 'page' : null, id: `nav-${p.id}`,
  }, p.title)));
  const header = h('div', { class: 'page-head' }, h('h1', null, page.title),
    page.perTenant && tenant ? tenantPicker(tenant, page) : null);
  const body = h('div', { class: 'page-body' });
  replace(main, header, body);
  document.title = `${page.title} · Sift console`;
  if (page.perTenant && !tenant) {
    replace(body, alertBox('info', 'No tenant yet. Import history or upsert tickets to create one.'));
    return;
  }
  page.page.render({ api: state.api, identity: state.identity, tenants: state.tenants, tenant, body,
    signal: leave.signal, go: t => go(page.id, t) }).catch(e => {
    if (e.name !== 'AbortError') replace(body, problem(e));
  });
}

window.addEventListener('hashchange', show);
const saved = sessionStorage.getItem(KEY_STORAGE);
if (saved) {
  signIn(saved).catch(() => {
    sessionStorage.removeItem(KEY_STORAGE);
    showSignIn('The saved key no longer works; sign in again.');
  });
} else {
  showSignIn(null);
}
