// Major incidents: the tenant's candidates, new ones pushed live over the Server-Sent Events stream, with a
// person's verdict (confirm or dismiss) one click away.
import { ApiError } from '../api.js';
import { DASH, badge, card, h, problem, replace, time } from '../dom.js';

/** Wait before reconnecting a dropped stream; the list is reloaded then, so nothing raised meanwhile is missed. */
const RECONNECT_MILLIS = 3000;
/** The stream announces new candidates only; the list is re-read this often for their growth and verdicts. */
const REFRESH_MILLIS = 5000;

export async function render({ api, tenant, body, signal }) {
  const base = `/v1/tenants/${encodeURIComponent(tenant)}/incidents`;
  const incidents = new Map(); // id -> incident, newest first
  const fresh = new Set();
  const status = h('span', { id: 'stream-status', class: 'live live-connecting' }, 'Connecting…');
  const showAll = h('input', { type: 'checkbox', id: 'show-all', checked: true, onchange: () => draw() });
  const list = h('div', { id: 'incidents' });
  const message = h('div');
  replace(body, card(null, h('div', { class: 'toolbar' }, status,
    h('label', { class: 'check' }, showAll, ' Show confirmed, dismissed and expired'),
    h('span', { class: 'muted small' }, 'New candidates appear here as they are raised; no reload needed.')),
  message, list));

  function draw() {
    const shown = [...incidents.values()].filter(i => showAll.checked || i.state === 'open');
    if (!shown.length) {
      replace(list, h('p', { class: 'muted empty' }, 'No major-incident candidates. Sift raises one when similar '
        + 'tickets from several requesters arrive far faster than usual for their topic.'));
      return;
    }
    replace(list, ...shown.map(row));
  }

  function row(incident) {
    const open = incident.state === 'open';
    const verdict = async action => {
      try {
        const updated = await api.post(`${base}/${encodeURIComponent(incident.id)}/${action}`, undefined, signal);
        incidents.set(updated.id, updated);
        fresh.delete(updated.id);
        draw();
      } catch (e) {
        if (e.name !== 'AbortError') replace(message, problem(e));
      }
    };
    const attrs = { class: `incident${fresh.has(incident.id) ? ' fresh' : ''}`,
      dataset: { id: incident.id, state: incident.state } };
    return h('article', attrs,
      h('div', { class: 'incident-head' },
        badge(incident.state), fresh.has(incident.id) ? badge('new', 'new') : null,
        h('h3', { class: 'incident-subject' }, incident.representativeSubject ?? DASH),
        open ? h('div', { class: 'incident-actions' },
          h('button', { type: 'button', class: 'danger confirm', onclick: () => verdict('confirm') }, 'Confirm'),
          h('button', { type: 'button', class: 'secondary dismiss', onclick: () => verdict('dismiss') }, 'Dismiss'))
          : null),
      h('p', { class: 'reason' }, incident.reason),
      h('dl', { class: 'facts' },
        fact('Tickets', incident.size), fact('Requesters', incident.distinctRequesters),
        fact('Clients', incident.distinctClients || DASH), fact('First seen', time(incident.firstSeen)),
        fact('Last seen', time(incident.lastSeen)),
        fact('Usual rate', `${incident.usualRatePerHour.toFixed(2)} per hour`),
        fact('Top terms', (incident.topTerms ?? []).join(', ') || DASH),
        fact('Member tickets', (incident.memberTicketIds ?? []).join(', ') || DASH)));
  }

  function fact(label, value) {
    return h('div', null, h('dt', null, label), h('dd', null, value));
  }

  let drawn = null;
  async function load() {
    const answer = await api.get(`${base}?state=all`, signal);
    for (const incident of answer.incidents) incidents.set(incident.id, incident);
    const sorted = [...incidents.values()].sort((a, b) => String(b.firstSeen).localeCompare(String(a.firstSeen)));
    incidents.clear();
    sorted.forEach(i => incidents.set(i.id, i));
    // Redrawn only when something changed, so that a periodic re-read leaves the page (and a pending click) alone.
    const now = JSON.stringify(sorted);
    if (now !== drawn) {
      drawn = now;
      draw();
    }
  }

  function setStatus(kind, text) {
    status.className = `live live-${kind}`;
    status.textContent = text;
  }

  const refresh = setInterval(() => load().catch(() => { /* the stream loop reports failures */ }), REFRESH_MILLIS);
  signal.addEventListener('abort', () => clearInterval(refresh));

  // Connected first, listed second: a candidate raised in between arrives by the stream and is merged by id.
  while (!signal.aborted) {
    try {
      await api.stream(`${base}/stream`, {
        signal,
        onOpen: () => {
          setStatus('on', 'Live');
          load().catch(e => { if (e.name !== 'AbortError') replace(message, problem(e)); });
        },
        onEvent: event => {
          if (event.event !== 'major-incident-candidate') return;
          const incident = JSON.parse(event.data);
          const rest = [...incidents.values()].filter(i => i.id !== incident.id);
          incidents.clear();
          [incident, ...rest].forEach(i => incidents.set(i.id, i));
          fresh.add(incident.id);
          draw();
        },
      });
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
        setStatus('off', 'Not connected');
        replace(message, problem(e));
        return;
      }
    }
    setStatus('connecting', 'Reconnecting…');
    await new Promise(resolve => setTimeout(resolve, RECONNECT_MILLIS));
  }
}
