// The Sift API as the console calls it: the key the user pasted goes in every request's Authorization header.

/** An RFC 9457 problem answered by the API (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.title = problem?.title ?? (status === 0 ? 'Network error' : `HTTP ${status}`);
    this.type = problem?.type ?? null;
  }
}

export class Api {
  constructor(key) {
    this.key = key;
  }

  headers(extra = {}) {
    return { Authorization: `Bearer ${this.key}`, ...extra };
  }

  async request(method, path, { json, form, signal } = {}) {
    const init = { method, signal, headers: this.headers({ Accept: 'application/json' }), cache: 'no-store' };
    if (json !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(json);
    } else if (form !== undefined) {
      init.body = form; // the browser sets the multipart boundary
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, { detail: `Cannot reach the service (${e.message}).` });
    }
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = { detail: text.slice(0, 200) };
    }
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  get(path, signal) {
    return this.request('GET', path, { signal });
  }

  post(path, json, signal) {
    return this.request('POST', path, { json, signal });
  }

  upload(path, form, signal) {
    return this.request('POST', path, { form, signal });
  }

  del(path, signal) {
    return this.request('DELETE', path, { signal });
  }

  /**
   * Reads a Server-Sent Events stream with fetch, because EventSource cannot send the Authorization header.
   * Calls onOpen once connected and onEvent({event, data, id}) per event; resolves when the server ends the stream.
   */
  async stream(path, { onOpen, onEvent, signal }) {
    let response;
    try {
      response = await fetch(path, { headers: this.headers({ Accept: 'text/event-stream' }), signal,
        cache: 'no-store' });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, { detail: `Cannot reach the service (${e.message}).` });
    }
    if (!response.ok) {
      let problem = null;
      try { problem = await response.json(); } catch { /* not a problem body */ }
      throw new ApiError(response.status, problem);
    }
    onOpen?.();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseEvent(block);
        if (event) onEvent(event);
      }
    }
  }
}

function parseEvent(block) {
  const event = { event: 'message', data: [], id: null };
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event.event = value;
    else if (field === 'data') event.data.push(value);
    else if (field === 'id') event.id = value;
  }
  return event.data.length ? { ...event, data: event.data.join('\n') } : null;
}
