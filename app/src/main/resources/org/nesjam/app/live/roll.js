// nesjam's four-voice piano roll, shared by the control page (/) and the OBS overlay (/overlay).
// Frames come from /events (server-sent events): {"ph": playheadMs, "notes": [[voice, pitch, kind, id, startMs,
// endMs], ...], "state": {...}}; kind 0 = the player, 1 = the model; endMs -1 while the note is open.
// Drawn: the player's notes white with the voice's colour as border; the model's notes already heard solid in the
// voice's colour; the model's plan ahead of the playhead (the lookahead) as hatched outlines.
'use strict';

const NES_VOICES = [
  {key: 'p1', name: 'Pulse 1', color: '#f83800'},   // NES palette $16
  {key: 'p2', name: 'Pulse 2', color: '#f8b800'},   // $28
  {key: 'tr', name: 'Triangle', color: '#3cbcfc'},  // $21
  {key: 'no', name: 'Noise', color: '#b8f818'},     // $2A
];

/** The page's own URL token (LAN mode), appended to every request. */
function nesjamUrl(path) {
  const token = new URLSearchParams(location.search).get('token');
  return token ? path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : path;
}

/** Test hooks: when each player note first appeared on screen (performance.now()), by note id; script errors. */
window.nesjamSeen = window.nesjamSeen || [];
window.nesjamErrors = [];
window.addEventListener('error', e => window.nesjamErrors.push(String(e.message)));

class NesRoll {
  /**
   * opts: past and ahead (seconds shown each side of the playhead), labels (voice names), background (a colour, or
   * none: transparent), shading (alternate lanes lightly shaded), muted(voice)
   */
  constructor(canvas, opts) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.past = opts.past || 4;
    this.ahead = opts.ahead || 3;
    this.labels = opts.labels !== false;
    this.background = opts.background || null;
    this.shading = opts.shading !== false;
    this.muted = opts.muted || (() => false);
    this.frame = null;
    this.frameAt = 0;
    this.seen = new Set();
    this.sounding = [0, 0, 0, 0];
  }

  /** A new frame: drawn at once (a played note shows without waiting for the next animation frame). */
  onFrame(frame) {
    this.frame = frame;
    this.frameAt = performance.now();
    this.draw();
  }

  /** The playhead now, ms of engine time: the last frame's, moved on by the time since it came (at most 1 s). */
  playheadMs() {
    if (!this.frame) return 0;
    return this.frame.ph + Math.min(1000, performance.now() - this.frameAt);
  }

  /** 0..1 per voice: a note of the voice sounds at the playhead (for the meters). */
  activity() {
    return this.sounding;
  }

  draw() {
    const c = this.canvas, g = this.ctx;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(c.clientWidth * dpr), h = Math.round(c.clientHeight * dpr);
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    g.clearRect(0, 0, w, h);
    if (this.background) { g.fillStyle = this.background; g.fillRect(0, 0, w, h); }
    const ph = this.playheadMs();
    const t0 = ph - this.past * 1000, t1 = ph + this.ahead * 1000;
    const x = t => (t - t0) / (t1 - t0) * w;
    const laneH = h / 4;
    const notes = this.frame ? this.frame.notes : [];
    const sounding = [0, 0, 0, 0];
    for (let v = 0; v < 4; v++) {
      const top = v * laneH;
      const voice = NES_VOICES[v];
      let lo = 127, hi = 0;
      for (const n of notes) {
        if (n[0] === v) { lo = Math.min(lo, n[1]); hi = Math.max(hi, n[1]); }
      }
      if (lo > hi) { lo = 60; hi = 72; }
      if (hi - lo < 12) { const mid = (hi + lo) / 2; lo = Math.floor(mid - 6); hi = Math.ceil(mid + 6); }
      const rowH = (laneH - 6 * dpr) / (hi - lo + 1);
      const y = p => top + 3 * dpr + (hi - p) * rowH;
      g.globalAlpha = this.muted(v) ? 0.3 : 1;
      g.fillStyle = 'rgba(255,255,255,0.04)';
      if (v % 2 === 0 && this.shading) g.fillRect(0, top, w, laneH);
      for (const n of notes) {
        if (n[0] !== v) continue;
        const start = n[4];
        const end = n[5] >= 0 ? n[5] : Math.max(ph, start + 120);
        if (end < t0 || start > t1) continue;
        const x0 = x(start), x1 = Math.max(x0 + 2 * dpr, x(end));
        const ny = y(n[1]), nh = Math.max(2 * dpr, rowH - dpr);
        if (start <= ph && end > ph && (n[2] === 0 || !this.muted(v))) sounding[v] = 1; // what is heard
        if (n[2] === 0) { // the player's: white, framed in the voice's colour, at least 4 px high
          const ph4 = Math.max(nh, 4 * dpr), py = ny + (nh - ph4) / 2;
          g.fillStyle = voice.color;
          g.fillRect(x0 - dpr, py - dpr, x1 - x0 + 2 * dpr, ph4 + 2 * dpr);
          g.fillStyle = '#ffffff';
          g.fillRect(x0, py, x1 - x0, ph4);
          if (!this.seen.has(n[3])) {
            this.seen.add(n[3]);
            window.nesjamSeen.push({id: n[3], voice: v, pitch: n[1], t: performance.now(), made: this.frame.wall,
                shown: Date.now()});
            if (window.nesjamSeen.length > 2000) window.nesjamSeen.shift();
          }
        } else if (start <= ph) {
          g.fillStyle = voice.color;
          g.fillRect(x0, ny, x1 - x0, nh);
        } else {
          g.strokeStyle = voice.color;
          g.lineWidth = 1.5 * dpr;
          g.setLineDash([4 * dpr, 3 * dpr]);
          g.strokeRect(x0, ny, x1 - x0, nh);
          g.setLineDash([]);
          g.fillStyle = voice.color + '40';
          g.fillRect(x0, ny, x1 - x0, nh);
        }
      }
      if (this.labels) {
        g.font = `bold ${Math.round(Math.min(laneH * 0.3, 16 * dpr))}px sans-serif`;
        g.fillStyle = voice.color;
        g.textBaseline = 'top';
        g.fillText(voice.name + (this.muted(v) ? ' (muted)' : ''), 6 * dpr, top + 4 * dpr);
      }
      g.globalAlpha = 1;
    }
    const px = x(ph);
    g.fillStyle = 'rgba(255,255,255,0.85)';
    g.fillRect(px - dpr, 0, 2 * dpr, h);
    this.sounding = sounding;
  }
}

/**
 * Streams frames from /events into onFrame; onStatus(connected) when the stream opens or fails (the browser
 * reconnects by itself).
 */
function nesjamConnect(onFrame, onStatus) {
  const events = new EventSource(nesjamUrl('/events'));
  events.onmessage = e => onFrame(JSON.parse(e.data));
  events.onopen = () => onStatus && onStatus(true);
  events.onerror = () => onStatus && onStatus(false);
  return events;
}
