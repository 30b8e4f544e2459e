// Triage playground: a ticket in, the suggestions, their confidences and abstentions, the ETA interval and the
// past tickets behind them out.
import { DASH, alertBox, badge, card, h, meter, minutes, number, problem, replace, table } from '../dom.js';

const EXAMPLE = {
  subject: 'VPN connects but network drives are missing',
  body: 'Since this morning my mapped drives show a red cross when I work from home.',
};
const DEFAULT_K = 5;
const MAX_K = 50;

export async function render({ api, tenant, body, signal }) {
  const subject = h('input', { id: 'subject', name: 'subject', type: 'text', maxlength: 2000,
    placeholder: 'Outlook asks for my password again and again' });
  const text = h('textarea', { id: 'body', name: 'body', rows: 4, placeholder: 'The ticket description' });
  const requester = h('input', { id: 'requester', name: 'requester', type: 'text', placeholder: 'optional' });
  const k = h('input', { id: 'k', name: 'k', type: 'number', min: 1, max: MAX_K, value: DEFAULT_K });
  const result = h('div', { id: 'triage-result' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'triage-submit' }, 'Triage');
  const form = h('form', { class: 'card triage-form', onsubmit: async event => {
    event.preventDefault();
    submit.disabled = true;
    replace(result, h('p', { class: 'muted' }, 'Triaging…'));
    try {
      const request = { subject: subject.value, body: text.value };
      if (requester.value.trim()) request.requester = requester.value.trim();
      const answer = await api.post(`/v1/tenants/${encodeURIComponent(tenant)}/triage?k=${encodeURIComponent(k.value)}`,
        request, signal);
      replace(result, ...show(answer));
    } catch (e) {
      if (e.name !== 'AbortError') replace(result, problem(e));
    } finally {
      submit.disabled = false;
    }
  } },
  h('div', { class: 'form-grid' },
    h('label', { for: 'subject' }, 'Subject'), subject,
    h('label', { for: 'body' }, 'Body'), text,
    h('label', { for: 'requester' }, 'Requester'), h('div', { class: 'inline' }, requester,
      h('label', { for: 'k' }, 'Neighbours'), k)),
  h('div', { class: 'actions' }, submit, h('button', { type: 'button', class: 'link', onclick: () => {
    subject.value = EXAMPLE.subject;
    text.value = EXAMPLE.body;
  } }, 'Fill in an example'), h('span', { class: 'muted small' },
    'A triage reads only; it also enters the ticket in the tenant\'s major-incident window.')));
  replace(body, form, result);
}

function show(answer) {
  const notes = [];
  if (answer.degraded) {
    notes.push(alertBox('warn', `Degraded: ${answer.degraded}. Zero-shot answered instead of the LLM.`));
  }
  if (answer.reason) notes.push(alertBox('info', `The LLM's reason: ${answer.reason}`));
  const cluster = answer.cluster;
  return [
    ...notes,
    card('Suggestions', h('p', { class: 'muted small' }, `Method ${answer.method} · model ${answer.modelVersion}`
      + ` · ${answer.tookMs} ms`), suggestions(answer.suggestions)),
    h('div', { class: 'two-cols' },
      card('Time to resolve', eta(answer.eta)),
      card('Major-incident window', cluster ? h('p', { id: 'cluster' },
        `Cluster ${cluster.id}: ${cluster.size} ticket${cluster.size === 1 ? '' : 's'} from `
        + `${cluster.distinctRequesters} requester${cluster.distinctRequesters === 1 ? '' : 's'}. `,
        cluster.majorIncidentCandidate ? badge('major-incident candidate', 'open') : badge('no incident', 'muted'))
        : h('p', { class: 'muted' }, 'Incident detection is off.'))),
    card(`Neighbours (${answer.neighbours.length})`, neighbours(answer.neighbours)),
  ];
}

function suggestions(byField) {
  const rows = Object.entries(byField ?? {}).map(([field, s]) => {
    const guess = s.abstained ? s.alternatives?.[0]?.value : s.value;
    const value = s.abstained
      ? h('span', null, badge('abstained'), ' ', h('span', { class: 'muted' },
        guess === undefined || guess === null ? 'no guess' : `best guess: ${guess}`))
      : h('strong', null, s.value);
    const runnersUp = (s.abstained ? s.alternatives.slice(1) : s.alternatives) ?? [];
    return h('tr', { dataset: { field } },
      h('td', null, field),
      h('td', { class: 'suggestion' }, value),
      h('td', null, meter(s.confidence)),
      h('td', null, s.method ? badge(s.method) : DASH),
      h('td', { class: 'alternatives' }, runnersUp.length ? runnersUp.map(a => h('span', { class: 'alt' }, a.value,
        h('span', { class: 'muted' }, ` ${(a.confidence * 100).toFixed(1)}%`))) : DASH));
  });
  return table([{ label: 'Field' }, { label: 'Suggestion' }, { label: 'Confidence' }, { label: 'Method' },
    { label: 'Runners-up' }], rows, { id: 'suggestions-table' });
}

function eta(e) {
  if (!e) return h('p', { class: 'muted' }, 'No estimate: the tenant has no resolved history.');
  const METHODS = {
    neighbours: `From the resolution times of ${e.basedOn} resolved neighbours, shrunk towards the suggested group's.`,
    blend: `The tenant's median mixed with the resolution times of ${e.basedOn} resolved neighbours, as its history's backtest weighs them.`,
    group: 'From the suggested group\'s history.',
    median: 'From the tenant\'s whole history.',
  };
  return h('div', { id: 'eta' },
    h('div', { class: 'eta' }, h('div', null, h('span', { class: 'eta-figure' }, minutes(e.p50Minutes)),
      h('span', { class: 'muted small' }, 'median (p50)')),
    h('div', { class: 'eta-to' }, 'to'),
    h('div', null, h('span', { class: 'eta-figure' }, minutes(e.p90Minutes)), h('span', { class: 'muted small' },
      '90% resolved within (p90)'))),
    h('p', { class: 'muted small' }, METHODS[e.method] ?? `Method: ${e.method}.`));
}

function neighbours(list) {
  if (!list.length) return h('p', { class: 'muted' }, 'No past tickets found.');
  return table([
    { label: 'Similarity', num: true }, { label: 'Ticket' }, { label: 'Subject' }, { label: 'Category' },
    { label: 'Assignment group' }, { label: 'Assignee' }, { label: 'Priority' }, { label: 'Resolved in', num: true },
    { label: 'Resolution' },
  ], list.map(n => [
    number(n.similarity), { value: n.ticketId, class: 'nowrap' }, { value: n.subject, class: 'subject' },
    n.category, n.assignmentGroup, n.assignee, n.priority, minutes(n.resolutionMinutes),
    { value: n.resolution, class: 'resolution' },
  ]), { id: 'neighbours-table' });
}
