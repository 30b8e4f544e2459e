import { ApiError } from './api.js';

// DOM building without markup strings: every text passes through a text node, so ticket text that looks like
// HTML (a subject "<img src=x onerror=...>") is shown as those characters and never parsed.

/**
 * h('td', {class: 'num', title: 'x'}, 'text', childNode, [more, children])
 * Attributes starting with "on" take a function (an event listener). null, undefined and false children are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces the children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const DASH = '\u2013';

/** A table with a header row; rows are arrays of cells (a cell is a node, text, or {value, class, title}). */
export function table(columns, rows, attrs = {}) {
  const head = h('tr', null, columns.map(c => h('th', { class: c.num ? 'num' : null, title: c.title, scope: 'col' },
    c.label)));
  const body = rows.map(row => row instanceof Node ? row : h('tr', null, row.map((cell, i) => td(cell, columns[i]))));
  return h('div', { class: 'table-wrap' }, h('table', attrs, h('thead', null, head), h('tbody', null, body)));
}

function td(cell, column) {
  if (cell !== null && typeof cell === 'object' && !(cell instanceof Node) && !Array.isArray(cell)) {
    const cls = [column?.num ? 'num' : null, cell.class].filter(Boolean).join(' ') || null;
    return h('td', { class: cls, title: cell.title }, cell.value ?? DASH);
  }
  return h('td', { class: column?.num ? 'num' : null }, cell ?? DASH);
}

export function badge(text, kind) {
  return h('span', { class: `badge badge-${kind ?? String(text).toLowerCase().replace(/[^a-z0-9]+/g, '-')}` }, text);
}

export function alertBox(kind, ...children) {
  return h('div', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, children);
}

export function card(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', null, title) : null, children);
}

/** A horizontal bar for a share between 0 and 1, with its figure beside it. */
export function meter(share, label) {
  const bar = h('span', { class: 'meter-fill' });
  bar.style.width = `${Math.round(Math.max(0, Math.min(1, share ?? 0)) * 100)}%`;
  return h('span', { class: 'meter' }, h('span', { class: 'meter-track' }, bar), h('span', { class: 'meter-label' },
    label ?? percent(share)));
}

export function percent(share, digits = 1) {
  return share === null || share === undefined || Number.isNaN(share) ? DASH : `${(share * 100).toFixed(digits)}%`;
}

export function number(n, digits = 3) {
  if (n === null || n === undefined || Number.isNaN(n)) return DASH;
  return Number.isInteger(n) ? n.toLocaleString('en') : n.toFixed(digits);
}

export function bytes(n) {
  if (n === null || n === undefined) return DASH;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

/** 138 -> "2 h 18 min"; 2900 -> "2 d 0 h". */
export function minutes(m) {
  if (m === null || m === undefined) return DASH;
  const MINUTES_PER_DAY = 24 * 60;
  if (m < 60) return `${Math.round(m)} min`;
  if (m < MINUTES_PER_DAY) return `${Math.floor(m / 60)} h ${Math.round(m % 60)} min`;
  return `${Math.floor(m / MINUTES_PER_DAY)} d ${Math.round((m % MINUTES_PER_DAY) / 60)} h`;
}

export function seconds(s) {
  return s === null || s === undefined ? DASH : s < 60 ? `${Math.round(s)} s` : minutes(s / 60);
}

export function time(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso)
    : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

/** "coverageAtPrecision90" -> "Coverage at precision 90" (for names no table knows). */
export function humanise(name) {
  const words = String(name).replace(/([a-z])([A-Z0-9])/g, '$1 $2').replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An API failure as the user should read it. */
export function problem(e) {
  if (e instanceof ApiError) {
    return alertBox('error', h('strong', null, `${e.title} (${e.status || 'no answer'}). `), e.message);
  }
  return alertBox('error', String(e?.message ?? e));
}
