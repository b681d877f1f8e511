// The part of the browser's XMLHttpRequest that dicomweb-client uses, over Node's fetch: Node has
// no XMLHttpRequest, and the client is written for one. open/setRequestHeader/send, responseType
// "arraybuffer", "json" or text, status, response headers, onreadystatechange at readyState 4.
export class XMLHttpRequest {
  constructor() {
    this.readyState = 0;
    this.status = 0;
    this.responseType = '';
    this.response = null;
    this.withCredentials = false;
    this._headers = {};
    this._responseHeaders = new Headers();
  }

  open(method, url) {
    this._method = method.toUpperCase();
    this._url = url;
    this.readyState = 1;
  }

  setRequestHeader(name, value) {
    this._headers[name] = value;
  }

  getResponseHeader(name) {
    return this._responseHeaders.get(name);
  }

  getAllResponseHeaders() {
    let text = '';
    this._responseHeaders.forEach((value, name) => { text += `${name}: ${value}\r\n`; });
    return text;
  }

  send(body) {
    const init = { method: this._method, headers: this._headers };
    if (body !== undefined && body !== null) {
      init.body = body;
    }
    fetch(this._url, init)
      .then(async (response) => {
        this.status = response.status;
        this._responseHeaders = response.headers;
        const bytes = await response.arrayBuffer();
        if (this.responseType === 'arraybuffer') {
          this.response = bytes;
        } else {
          const text = new TextDecoder().decode(bytes);
          this.responseText = text;
          this.response = this.responseType === 'json' ? (text.length > 0 ? JSON.parse(text) : null) : text;
        }
      })
      .catch((error) => {
        this.status = 0;
        this.error = error;
      })
      .finally(() => {
        this.readyState = 4;
        if (this.onreadystatechange) this.onreadystatechange();
        if (this.onloadend) this.onloadend();
      });
  }
}
