// Backtest reports: a report.json written by `sift-eval backtest`, read from a local file and drawn here; nothing
// is uploaded.
import { DASH, alertBox, card, h, humanise, number, replace, table } from '../dom.js';

/** Readable names, and whether a larger value is better (for marking each column's best method). */
const METRICS = {
  accuracy: ['Accuracy', true],
  macroF1: ['Macro F1', true],
  top3Accuracy: ['Top-3 accuracy', true],
  coverage: ['Coverage (answered)', true],
  precisionWhenAnswering: ['Precision when answering', true],
  coverageAtPrecision90: ['Coverage at 90% precision', true],
  precisionAtCoverage50: ['Precision at 50% coverage', true],
  precisionAtCoverage80: ['Precision at 80% coverage', true],
  abstainRate: ['Abstain rate', null],
  expectedCalibrationError: ['Calibration error (ECE)', false],
  medianAbsErrorHours: ['Median abs. error (hours)', false],
  maeLogHours: ['Mean abs. error of ln(1+h)', false],
  p90IntervalCoverage: ['p90 interval coverage', null],
};
const FIELDS = { assignmentGroup: 'Assignment group', eta: 'Time to resolve (ETA)' };

export async function render({ body }) {
  const input = h('input', { type: 'file', id: 'report-file', accept: '.json,application/json' });
  const out = h('div', { id: 'report' });
  input.addEventListener('change', async () => {
    const file = input.files[0];
    if (!file) return;
    try {
      replace(out, ...report(JSON.parse(await file.text()), file.name));
    } catch (e) {
      replace(out, alertBox('error', `${file.name} is not a backtest report: ${e.message}`));
    }
  });
  replace(body, card(null, h('div', { class: 'form-row' }, h('label', null, 'report.json from sift-eval backtest',
    input), h('p', { class: 'muted small grow' }, 'Open a report written by ',
    h('code', null, 'evaluation/bin/sift-eval backtest --out DIR'),
    '. It is read in this browser and never uploaded.'))), out);
}

function report(json, name) {
  if (!json || typeof json.results !== 'object') throw new Error('it has no "results" object');
  const sections = [overview(json, name)];
  for (const [field, byMethod] of Object.entries(json.results)) {
    sections.push(card(fieldName(field), metricsTable(field, byMethod),
      confusion(json.confusion?.[field]), perClass(json.perClass?.[field])));
  }
  return sections;
}

function overview(json, name) {
  const d = json.dataset ?? {};
  const t = json.timing ?? {};
  const facts = [
    ['File', name], ['Data', d.path], ['Rows', number(d.rows)], ['Split', d.split],
    ['History tickets', number(d.train)], ['Test tickets', number(d.test)],
    ['Triage p50', t.triageMillisP50 === undefined ? DASH : `${t.triageMillisP50.toFixed(2)} ms`],
    ['Embedding', t.embedTextsPerSecond === undefined ? DASH : `${Math.round(t.embedTextsPerSecond)} texts/s`],
  ];
  return card('Backtest', h('dl', { class: 'facts', id: 'report-overview' },
    facts.map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v ?? DASH)))));
}

function fieldName(field) {
  return FIELDS[field] ?? humanise(field);
}

function metricsTable(field, byMethod) {
  const methods = Object.keys(byMethod);
  const metrics = [...new Set(methods.flatMap(m => Object.keys(byMethod[m] ?? {})))];
  const best = Object.fromEntries(metrics.map(metric => {
    const better = METRICS[metric]?.[1];
    const values = methods.map(m => byMethod[m]?.[metric]).filter(v => typeof v === 'number');
    return [metric, better === true ? Math.max(...values) : better === false ? Math.min(...values) : null];
  }));
  return table([{ label: 'Method' }, ...metrics.map(m => ({ label: METRICS[m]?.[0] ?? humanise(m), num: true,
    title: m }))],
  methods.map(method => [h('strong', null, method), ...metrics.map(metric => {
    const v = byMethod[method]?.[metric];
    if (typeof v !== 'number') return v === undefined || v === null ? DASH : JSON.stringify(v);
    return { value: v.toFixed(3), class: methods.length > 1 && v === best[metric] ? 'best' : null };
  })]), { class: 'metrics', dataset: { field } });
}

/** Rows: actual class, columns: predicted; each cell its count, shaded by its share of the row. */
function confusion(matrix) {
  if (!matrix?.classes?.length || !Array.isArray(matrix.counts)) return null;
  const { classes, counts } = matrix;
  const rows = classes.map((actual, r) => {
    const total = counts[r].reduce((a, b) => a + b, 0);
    return h('tr', null, h('th', { scope: 'row' }, actual), counts[r].map((n, c) => {
      const cell = h('td', { class: `num${r === c ? ' diagonal' : ''}`, title: `${actual} → ${classes[c]}: ${n}` }, n);
      const share = total ? n / total : 0;
      cell.style.backgroundColor = `rgba(${r === c ? '37, 99, 235' : '220, 38, 38'}, ${(share * 0.6).toFixed(3)})`;
      return cell;
    }), h('td', { class: 'num total' }, total));
  });
  return h('div', { class: 'confusion' },
    h('h3', null, `Confusion matrix${matrix.method ? `, ${matrix.method}` : ''}`),
    h('p', { class: 'muted small' }, 'Rows: actual class; columns: predicted. Counts of test tickets.'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'matrix' },
      h('thead', null, h('tr', null, h('th', null, 'actual \\ predicted'),
        classes.map(c => h('th', { class: 'num' }, c)),
        h('th', { class: 'num' }, 'Total'))),
      h('tbody', null, rows))));
}

function perClass(rows) {
  if (!Array.isArray(rows) || !rows.length) return null;
  return h('div', null, h('h3', null, 'Per class'), table([{ label: 'Class' }, { label: 'Support', num: true },
    { label: 'Predicted', num: true }, { label: 'Precision', num: true }, { label: 'Recall', num: true }],
  rows.map(c => [c.value, number(c.support), number(c.predicted), number(c.precision), number(c.recall)])));
}
