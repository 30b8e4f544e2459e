// Import and rebuild jobs with their progress, refreshed while the page is open, and a form to start a rebuild.
import { DASH, alertBox, badge, card, h, meter, number, problem, replace, seconds, table, time } from '../dom.js';

const REFRESH_MILLIS = 2000;
const SKIPPED_SHOWN = 20;

export async function render({ api, identity, tenant, body, signal }) {
  if (identity.kind !== 'ADMIN') {
    replace(body, alertBox('info', 'Jobs are for admin keys: imports and rebuilds change a tenant as a whole. '
      + 'Sign in with an admin key to see them.'));
    return;
  }
  const list = h('div', { id: 'jobs' });
  const message = h('div');
  replace(body, startForm(api, tenant, signal, message, () => refresh()), card('Jobs', message, list));

  async function refresh() {
    const answer = await api.get('/v1/jobs', signal);
    replace(list, answer.jobs.length ? jobsTable(answer.jobs, api, signal, message, refresh)
      : h('p', { class: 'muted empty' }, 'No jobs on this instance yet.'));
  }

  while (!signal.aborted) {
    try {
      await refresh();
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(message, problem(e));
    }
    await new Promise(resolve => setTimeout(resolve, REFRESH_MILLIS));
  }
}

function startForm(api, tenant, signal, message, refresh) {
  const target = h('input', { id: 'job-tenant', type: 'text', value: tenant ?? '', required: true,
    pattern: '[a-z0-9-]{1,63}', title: 'lower-case letters, digits and -' });
  const file = h('input', { id: 'job-file', type: 'file', accept: '.csv,.ndjson,.jsonl', required: true });
  const mapping = h('input', { id: 'job-mapping', type: 'text',
    placeholder: 'subject=Short description,body=Description' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Start rebuild');
  return h('form', { class: 'card', id: 'rebuild-form', onsubmit: async event => {
    event.preventDefault();
    const form = new FormData();
    form.append('file', file.files[0]);
    if (mapping.value.trim()) form.append('mapping', mapping.value.trim());
    submit.disabled = true;
    try {
      const path = `/v1/tenants/${encodeURIComponent(target.value)}/history?mode=replace`;
      const job = await api.upload(path, form, signal);
      replace(message, alertBox('info', `Job ${job.id} started: rebuilding ${job.tenant}.`));
      await refresh();
    } catch (e) {
      if (e.name !== 'AbortError') replace(message, problem(e));
    } finally {
      submit.disabled = false;
    }
  } },
  h('h2', null, 'Rebuild a tenant from an export'),
  h('p', { class: 'muted small' }, 'The tenant is rebuilt from the file alone beside its live index, which keeps '
    + 'answering, then swapped in at once. Cancel a job to keep the tenant as it was.'),
  h('div', { class: 'form-row' },
    h('label', null, 'Tenant', target), h('label', null, 'Export (CSV or NDJSON)', file),
    h('label', { class: 'grow' }, 'Column mapping (optional)', mapping), submit));
}

function jobsTable(jobs, api, signal, message, refresh) {
  return table([
    { label: 'Job' }, { label: 'Kind' }, { label: 'Tenant' }, { label: 'State' }, { label: 'Progress' },
    { label: 'Imported', num: true }, { label: 'Rows read', num: true }, { label: 'Skipped', num: true },
    { label: 'Tickets/s', num: true }, { label: 'ETA', num: true }, { label: 'Started' }, { label: '' },
  ], jobs.map(job => {
    const running = job.state === 'running' || job.state === 'queued';
    const cancel = running ? h('button', { type: 'button', class: 'secondary small-button', onclick: async () => {
      try {
        await api.del(`/v1/jobs/${encodeURIComponent(job.id)}`, signal);
        await refresh();
      } catch (e) {
        if (e.name !== 'AbortError') replace(message, problem(e));
      }
    } }, 'Cancel') : null;
    return h('tr', { dataset: { job: job.id, state: job.state } },
      h('td', { class: 'mono' }, job.id),
      h('td', null, job.kind),
      h('td', null, job.tenant),
      h('td', null, badge(job.state), job.error ? h('div', { class: 'error-text small' }, job.error) : null),
      h('td', null, meter(progress(job), `${Math.round(progress(job) * 100)}% · ${job.phase}`
        + (job.step ? ` · ${job.step}` : '')), skipped(job)),
      h('td', { class: 'num' }, number(job.imported)),
      h('td', { class: 'num' }, job.rowsTotal == null ? number(job.rowsRead)
        : `${number(job.rowsRead)} / ${number(job.rowsTotal)}`),
      h('td', { class: 'num' }, number(job.skipped)),
      h('td', { class: 'num' }, job.ticketsPerSecond ? job.ticketsPerSecond.toFixed(1) : DASH),
      h('td', { class: 'num' }, running ? seconds(job.etaSeconds) : DASH),
      h('td', null, time(job.startedAt ?? job.createdAt)),
      h('td', null, cancel));
  }), { id: 'jobs-table' });
}

/** Share done: rows read of the rows counted, else bytes of the upload read; a finished job is whole. */
function progress(job) {
  if (job.state === 'succeeded') return 1;
  if (job.rowsTotal > 0) return Math.min(1, job.rowsRead / job.rowsTotal);
  if (job.bytesTotal > 0) return job.bytesRead / job.bytesTotal;
  return 0;
}

function skipped(job) {
  const rows = job.skippedRows ?? [];
  if (!rows.length) return null;
  const summary = `${rows.length} skipped row${rows.length === 1 ? '' : 's'}`;
  return h('details', { class: 'skipped' }, h('summary', null, summary),
    h('ul', null, rows.slice(0, SKIPPED_SHOWN).map(r => h('li', null, `line ${r.line}: ${r.reason}`))));
}
