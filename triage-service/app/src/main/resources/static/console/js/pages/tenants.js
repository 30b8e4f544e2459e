// Tenants: size, embedding model and, per field, the method answering now with its backtest and live accuracy.
import { DASH, alertBox, badge, bytes, card, h, number, percent, problem, replace, table } from '../dom.js';

/** A threshold above 1 means the field never reached the target precision in its backtest. */
const ALWAYS_ABSTAINS = 1;

export async function render({ api, identity, tenants, tenant, body, signal, go }) {
  replace(body, h('p', { class: 'muted' }, 'Loading tenants…'));
  const admin = identity.kind === 'ADMIN';
  const [listing, models] = admin
    ? await Promise.all([api.get('/v1/admin/tenants', signal), api.get('/v1/admin/models', signal)])
    : [{ tenants: [{ tenant: identity.tenant, tickets: null, liveKeys: null }] }, null];
  const rows = listing.tenants.length ? listing.tenants : tenants.map(t => ({ tenant: t }));
  const details = await Promise.all(rows.map(t => describe(api, t.tenant, signal)));

  const summary = table([
    { label: 'Tenant' }, { label: 'Tickets', num: true }, { label: 'Index size', num: true },
    { label: 'Embedding model' }, { label: 'Method per field' }, { label: 'Live accuracy', num: true,
      title: 'Suggestions right among those answered and scored against final labels, last 30 days' },
    ...(admin ? [{ label: 'Live keys', num: true }] : []),
  ], rows.map((t, i) => {
    const d = details[i];
    const link = h('a', { href: '#', onclick: e => { e.preventDefault(); go(t.tenant); } }, t.tenant);
    const row = h('tr', { class: t.tenant === tenant ? 'selected' : null, dataset: { tenant: t.tenant } },
      h('td', null, link),
      h('td', { class: 'num' }, number(d.stats?.tickets ?? t.tickets)),
      h('td', { class: 'num' }, d.stats ? bytes(d.stats.indexSizeBytes) : DASH),
      h('td', { class: 'nowrap' }, models?.tenants?.[t.tenant] ?? modelOf(d.stats) ?? DASH),
      h('td', null, d.error ? h('span', { class: 'muted' }, d.error.message) : methodBadges(d.accuracy)),
      h('td', { class: 'num' }, overallLive(d.accuracy)),
      admin ? h('td', { class: 'num' }, number(t.liveKeys)) : null);
    return row;
  }), { id: 'tenants-table' });

  const chosen = rows.findIndex(t => t.tenant === tenant);
  const notes = [];
  if (models?.needReembed?.length) {
    notes.push(alertBox('warn', `On another embedding model than the configured ${models.configured}: `
      + `${models.needReembed.join(', ')}. Re-embed them (POST /v1/admin/reembed).`));
  }
  replace(body, ...notes, card(admin ? `${rows.length} tenant${rows.length === 1 ? '' : 's'}` : 'Your tenant', summary,
    models ? h('p', { class: 'muted small' }, `Configured embedding model: ${models.configured}.`) : null),
  chosen >= 0 ? fieldsCard(tenant, details[chosen]) : alertBox('info', `Pick a tenant to see its fields.`));
}

async function describe(api, tenant, signal) {
  const encoded = encodeURIComponent(tenant);
  try {
    const [stats, accuracy] = await Promise.all([api.get(`/v1/tenants/${encoded}/stats`, signal),
      api.get(`/v1/tenants/${encoded}/accuracy`, signal)]);
    return { stats, accuracy };
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    return { error: e };
  }
}

function modelOf(stats) {
  return stats?.modelVersion ? stats.modelVersion.split('/')[0] : null;
}

function methodBadges(accuracy) {
  const methods = Object.entries(accuracy?.methods ?? {});
  if (!methods.length) return h('span', { class: 'muted' }, 'no labelled fields');
  return h('span', { class: 'badges' }, methods.map(([field, method]) =>
    h('span', { class: 'field-method', title: `${field}: ${method}` }, h('span', { class: 'field-name' }, field),
      badge(method))));
}

/** Live accuracy over every field, on the method each answers with now: right answers / answered. */
function overallLive(accuracy) {
  let right = 0;
  let answered = 0;
  for (const [field, method] of Object.entries(accuracy?.methods ?? {})) {
    const figures = accuracy.fields?.[field]?.[method];
    if (figures?.answered && figures.accuracy !== null) {
      right += figures.accuracy * figures.answered;
      answered += figures.answered;
    }
  }
  return answered ? h('span', { title: `${answered} answered suggestions scored` }, percent(right / answered))
    : h('span', { class: 'muted', title: 'No suggestion has been scored against final labels yet' }, 'no feedback');
}

function liveAccuracy(live) {
  if (!live?.scored) return { value: 'no feedback', class: 'muted', title: 'No suggestion scored yet' };
  if (!live.answered) return { value: 'none answered', class: 'muted', title: 'Every scored suggestion abstained' };
  return { value: percent(live.accuracy), title: `${live.answered} answered suggestions scored` };
}

function fieldsCard(tenant, detail) {
  if (detail.error) return card(`Fields of ${tenant}`, problem(detail.error));
  const { stats, accuracy } = detail;
  const fields = [...new Set([...Object.keys(accuracy.methods ?? {}), ...Object.keys(stats.fields ?? {})])];
  const rows = fields.map(field => {
    const method = accuracy.methods?.[field];
    const live = accuracy.fields?.[field]?.[method];
    const calibration = stats.calibration?.[field];
    const threshold = calibration?.threshold;
    return [
      h('strong', null, field),
      method ? badge(method) : DASH,
      number(stats.fields?.[field]?.distinctValues),
      threshold === undefined ? DASH : threshold > ALWAYS_ABSTAINS
        ? { value: 'always abstains', class: 'muted', title: 'The backtest never reached the target precision' }
        : percent(threshold),
      percent(calibration?.backtest?.accuracy),
      percent(calibration?.backtest?.coverage),
      percent(calibration?.backtest?.precision),
      liveAccuracy(live),
      live?.scored ? percent(live.coverage) : DASH,
      number(live?.suggestions ?? 0),
      number(live?.scored ?? 0),
    ];
  });
  return card(`Fields of ${tenant}`,
    h('p', { class: 'muted small' }, `${number(stats.tickets)} tickets`
      + ` · model ${stats.modelVersion ?? 'not fitted yet'}`
      + ` · live figures from ${new Date(accuracy.from).toLocaleDateString('en-GB', { dateStyle: 'medium' })} to now`),
    table([
      { label: 'Field' }, { label: 'Method now' }, { label: 'Distinct values', num: true },
      { label: 'Abstains below', num: true, title: 'Calibrated confidence below which the field abstains' },
      { label: 'Backtest accuracy', num: true }, { label: 'Backtest coverage', num: true },
      { label: 'Backtest precision', num: true },
      { label: 'Live accuracy', num: true, title: 'Right among answered suggestions, scored by later upserts' },
      { label: 'Live coverage', num: true }, { label: 'Suggestions', num: true }, { label: 'Scored', num: true },
    ], rows, { id: 'fields-table' }),
    h('p', { class: 'muted small' }, 'Backtest: the tenant\'s own history replayed at its last fit. Live: '
      + 'suggestions scored when their ticket is later upserted with its final labels.'));
}
