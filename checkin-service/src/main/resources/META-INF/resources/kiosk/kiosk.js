// The door kiosk (docs/running-a-door.md): paired with a kiosk token, it scans tickets with the
// camera (jsQR) or by hand, answers full screen, and keeps admitting while offline: tickets are
// verified on the device (tickets.js), queued in IndexedDB (queue.js) and synced in order when
// the socket is back (docs/websocket-protocol.md). Plain JS modules, no build step.
import { verifyTicket, base64UrlJson } from './tickets.js';
import * as queue from './queue.js';

const ANSWER_MILLIS = 3000;
const SAME_CODE_MILLIS = 4000;
const ANSWER_TIMEOUT_MILLIS = 5000;
const SYNC_MAX_SCANS = 40;
const SYNC_MAX_CHARS = 12000;
const SYNC_RETRY_MILLIS = 5000;
const $ = (id) => document.getElementById(id);
const state = {
  token: null, claims: null, socket: null, open: false, retry: 0, timer: null, direction: 'entry',
  pending: new Map(), syncing: null, lastCode: null, lastCodeAt: 0, lastCheckIn: null, staffToken: null,
  camera: null, answerTimer: null,
};

const OUTCOMES = {
  checked_in: ['green', 'Welcome'],
  re_entered: ['green', 'Welcome back'],
  exited: ['neutral', 'Goodbye'],
  already_checked_in: ['amber', 'Already checked in'],
  not_inside: ['amber', 'Not inside'],
  not_checked_in: ['amber', 'Not checked in'],
  unknown_registration: ['red', 'Unknown ticket'],
  cancelled: ['red', 'Registration cancelled'],
  waitlisted: ['red', 'On the waitlist'],
  wrong_event: ['red', 'Wrong event'],
  invalid_ticket: ['red', 'Invalid ticket'],
  ticket_expired: ['red', 'Ticket expired'],
  ticket_revoked: ['red', 'Ticket replaced'],
  check_in_undone: ['neutral', 'Check-in undone'],
};

// ---- pairing -------------------------------------------------------------------------------

function claimsOf(token) {
  const parts = (token || '').trim().split('.');
  if (parts.length !== 3) { throw new Error('That is not a token (three dot-separated parts).'); }
  const claims = base64UrlJson(parts[1]);
  const groups = claims.groups || [];
  if (!groups.includes('kiosk') || !claims.event_id) {
    throw new Error('That is not a kiosk token: mint one with --event and --gate.');
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
    throw new Error('That token has expired; mint a new one.');
  }
  return claims;
}

function pair(token) {
  try {
    state.claims = claimsOf(token);
  } catch (e) {
    $('pair-error').textContent = e.message;
    showPairing();
    return;
  }
  state.token = token.trim();
  localStorage.setItem('kiosk.token', state.token);
  $('pairing').hidden = true;
  $('door').hidden = false;
  $('event-id').textContent = state.claims.event_id;
  $('gate').textContent = state.claims.gate || '–';
  connect();
  refreshQueued();
  startCamera();
}

function showPairing() {
  $('pairing').hidden = false;
  $('door').hidden = true;
  setConnection('offline', 'not paired');
}

function unpair() {
  localStorage.removeItem('kiosk.token');
  state.token = null;
  if (state.socket) { state.socket.close(); }
  stopCamera();
  showPairing();
}

// ---- socket --------------------------------------------------------------------------------

function setConnection(kind, text) {
  const element = $('connection');
  element.className = 'connection ' + kind;
  element.textContent = text;
  document.body.dataset.connection = kind;
}

function connect() {
  clearTimeout(state.timer);
  if (!state.token || state.socket) { return; }
  if (!navigator.onLine) { setConnection('offline', 'offline'); return; }
  if (typeof state.claims.exp === 'number' && state.claims.exp * 1000 < Date.now()) {
    // The service would refuse the upgrade; offline checks still work until a new token is paired.
    setConnection('offline', 'token expired – pair again');
    return;
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = scheme + '//' + location.host + '/ws/checkin/kiosk/' + encodeURIComponent(state.claims.event_id)
    + '?access_token=' + encodeURIComponent(state.token);
  setConnection('connecting', 'connecting…');
  const socket = new WebSocket(url);
  state.socket = socket;
  socket.onopen = () => {
    state.open = true;
    state.retry = 0;
    setConnection('online', 'online');
    loadTicketKeys().then(syncQueue);
  };
  socket.onmessage = (message) => { if (state.socket === socket) { handle(JSON.parse(message.data)); } };
  socket.onclose = (event) => socketGone(socket, event.code);
}

// The socket is done with: closed, or found dead. Scans sent on it but not answered are judged on
// the device and queued under the same requestId; a new socket is tried (not after 1008).
function socketGone(socket, code) {
  if (state.socket !== socket) { return; }
  state.socket = null;
  state.open = false;
  state.syncing = null;
  setConnection('offline', 'offline');
  const unanswered = [...state.pending.values()];
  state.pending.clear();
  unanswered.forEach((scan) => { clearTimeout(scan.timer); offlineScan(scan.requestId, scan.ticket, scan.direction); });
  if (code === 1008) { return; }
  const delay = (code === 1001 || code === 1013) && state.retry === 0 ? 100
    : Math.min(30000, 500 * Math.pow(2, state.retry));
  state.retry++;
  clearTimeout(state.timer);
  state.timer = setTimeout(connect, delay);
}

// No answer in time, or the device went offline: the socket counts as dead now. A browser's
// close() waits for the server's close frame (up to a minute when the instance died silently),
// so the kiosk does not wait for onclose before scanning offline and reconnecting.
function goOffline() {
  const socket = state.socket;
  if (socket) {
    socketGone(socket, 1006);
    socket.close();
  }
  setConnection('offline', 'offline');
}

function handle(message) {
  switch (message.type) {
    case 'welcome':
      $('gate').textContent = message.gate;
      return counts(message.counts);
    case 'counts': return counts(message.counts);
    case 'scan_result': return scanResult(message.requestId, message.result);
    case 'sync_result': return syncResult(message);
    case 'error': return error(message);
    default: return undefined;
  }
}

function counts(c) {
  $('checked-in').textContent = c.checkedIn;
  $('inside').textContent = c.inside;
}

async function loadTicketKeys() {
  try {
    const response = await fetch('/api/checkin/ticket-keys', { cache: 'no-store' });
    if (response.ok) { localStorage.setItem('kiosk.jwks', JSON.stringify(await response.json())); }
  } catch (e) {
    // Offline: the keys fetched last time stay in use.
  }
}

// ---- scanning ------------------------------------------------------------------------------

function nextRequestId() {
  let device = localStorage.getItem('kiosk.device');
  if (!device) {
    device = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
    localStorage.setItem('kiosk.device', device);
  }
  const counter = Number(localStorage.getItem('kiosk.counter') || '0') + 1;
  localStorage.setItem('kiosk.counter', String(counter));
  return 'k-' + device + '-' + counter;
}

function scanCode(code, fromCamera) {
  code = (code || '').trim();
  if (!code) { return; }
  const now = Date.now();
  if (fromCamera && code === state.lastCode && now - state.lastCodeAt < SAME_CODE_MILLIS) { return; }
  state.lastCode = code;
  state.lastCodeAt = now;
  if (code.split('.').length !== 3) {
    scanRegistrationId(code);
    return;
  }
  const requestId = nextRequestId();
  const direction = state.direction;
  if (state.open) {
    const timer = setTimeout(() => {
      // No answer in time: treat the socket as gone; the scan is judged on the device.
      if (state.pending.has(requestId)) { goOffline(); }
    }, ANSWER_TIMEOUT_MILLIS);
    state.pending.set(requestId, { requestId, ticket: code, direction, timer });
    state.socket.send(JSON.stringify({ type: 'scan', requestId, ticket: code, direction }));
  } else {
    offlineScan(requestId, code, direction);
  }
}

function scanResult(requestId, result) {
  const scan = state.pending.get(requestId);
  if (scan) { clearTimeout(scan.timer); state.pending.delete(requestId); }
  state.lastCheckIn = result.outcome === 'checked_in' ? result.registrationId : null;
  showResult(result);
}

async function scanRegistrationId(registrationId) {
  if (!state.open) {
    answer('red', 'Needs the network', registrationId, 'Offline, only a ticket code can be checked: scan the ticket.');
    return;
  }
  try {
    const response = await fetch('/api/checkin/events/' + encodeURIComponent(state.claims.event_id) + '/scans', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + state.token },
      body: JSON.stringify({ registrationId, direction: state.direction }),
    });
    const body = await response.json();
    if (response.ok) {
      state.lastCheckIn = body.outcome === 'checked_in' ? body.registrationId : null;
      showResult(body);
    } else {
      answer('red', body.title || 'Refused', registrationId, body.detail || '');
    }
  } catch (e) {
    answer('red', 'Not checked', registrationId, 'The service could not be reached.');
  }
}

async function offlineScan(requestId, ticket, direction) {
  const jwks = JSON.parse(localStorage.getItem('kiosk.jwks') || 'null');
  if (!jwks) {
    answer('red', 'Cannot check offline', '', 'This kiosk has no ticket keys yet: connect it once.');
    return;
  }
  const verdict = await verifyTicket(ticket, state.claims.event_id, jwks);
  if (!verdict.valid) {
    const [color, title] = OUTCOMES[verdict.outcome];
    answer(color, title, '', 'Checked offline: ' + verdict.reason + '.');
    log(color, title + ' (offline): ' + verdict.reason);
    return;
  }
  const queued = await queue.all();
  const earlier = queued.find((scan) => scan.registrationId === verdict.registrationId && scan.direction === direction);
  if (earlier && direction === 'entry') {
    answer('amber', 'Already admitted', verdict.registrationId,
      'already admitted offline at ' + clock(earlier.scannedAt) + ' at this kiosk');
    log('amber', 'Already admitted offline: ' + verdict.registrationId);
    return;
  }
  const scannedAt = new Date().toISOString();
  await queue.enqueue({ requestId, ticket, direction, scannedAt, registrationId: verdict.registrationId });
  refreshQueued();
  const title = direction === 'entry' ? 'Accepted offline' : 'Exit noted offline';
  answer(direction === 'entry' ? 'green' : 'neutral', title, verdict.registrationId,
    'Signature checked on this device; synced when the network is back.');
  log('green', title + ': ' + verdict.registrationId + ' at ' + clock(scannedAt));
}

// ---- sync ----------------------------------------------------------------------------------

async function syncQueue() {
  if (!state.open || state.syncing) { return; }
  const queued = await queue.all();
  if (!queued.length || !state.open || state.syncing) { return; }
  const batch = [];
  let size = 0;
  for (const scan of queued) {
    const item = { requestId: scan.requestId, ticket: scan.ticket, direction: scan.direction, scannedAt: scan.scannedAt };
    size += JSON.stringify(item).length;
    if (batch.length && (batch.length >= SYNC_MAX_SCANS || size > SYNC_MAX_CHARS)) { break; }
    batch.push(item);
  }
  state.syncing = 'sync-' + nextRequestId();
  setConnection('online', 'syncing ' + queued.length + '…');
  state.socket.send(JSON.stringify({ type: 'sync', requestId: state.syncing, scans: batch }));
}

async function syncResult(message) {
  if (message.requestId !== state.syncing) { return; }
  const answered = [];
  let retryLater = false;
  for (const item of message.results) {
    if (item.problem && /service-unavailable$/.test(item.problem.type)) { retryLater = true; continue; }
    answered.push(item.requestId);
    if (item.result) {
      const [color, title] = OUTCOMES[item.result.outcome] || ['red', item.result.outcome];
      const who = item.result.attendeeName || item.result.registrationId;
      log(color, 'Synced: ' + title + ' – ' + who + ' (scanned ' + clock(item.result.at) + ')'
        + (item.result.conflict ? ', also admitted at ' + item.result.conflict.gate + ' ' + clock(item.result.conflict.at) : ''));
    } else {
      log('red', 'Not synced: ' + (item.requestId || '#' + item.index) + ' – ' + item.problem.detail);
    }
  }
  await queue.remove(answered.filter(Boolean));
  state.syncing = null;
  await refreshQueued();
  if (state.open) {
    setConnection('online', 'online');
    // What the service could not process now is sent again shortly, still in order.
    setTimeout(syncQueue, retryLater ? SYNC_RETRY_MILLIS : 0);
  }
}

function error(message) {
  if (message.requestId && message.requestId === state.syncing) {
    state.syncing = null;
    if (/rate-limited$/.test(message.problem.type)) {
      // Over this kiosk's rate limit: nothing was applied; the same batch goes again when allowed.
      setTimeout(syncQueue, (message.retryAfter || 1) * 1000);
      return;
    }
    // The whole batch was refused (a client bug): keep the queue, try again on the next connect.
    log('red', 'Sync refused: ' + message.problem.detail);
    return;
  }
  const scan = state.pending.get(message.requestId);
  if (scan) { clearTimeout(scan.timer); state.pending.delete(message.requestId); }
  answer('red', message.problem.title, '', message.problem.detail);
  log('red', message.problem.title + ': ' + message.problem.detail);
}

async function refreshQueued() {
  const queued = await queue.all();
  $('queued').textContent = queued.length;
  document.body.dataset.queued = String(queued.length);
}

// ---- answers -------------------------------------------------------------------------------

function clock(at) {
  return at ? new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }) : '?';
}

function showResult(result) {
  const [color, title] = OUTCOMES[result.outcome] || ['red', result.outcome];
  let detail = '';
  const first = result.firstCheckIn;
  if (result.outcome === 'already_checked_in' && first) {
    detail = 'already checked in at ' + clock(first.at) + ' at ' + first.gate + ' by ' + first.by;
  } else if (result.outcome === 'ticket_revoked') {
    detail = 'This ticket was re-issued; only the newest one admits.';
  }
  answer(color, title, result.attendeeName || result.registrationId || '', detail);
  log(color, title + ': ' + (result.attendeeName || result.registrationId || '') + (detail ? ' – ' + detail : ''));
  $('undo').hidden = !(state.staffToken && state.lastCheckIn);
}

function answer(color, title, name, detail) {
  const overlay = $('answer');
  overlay.className = 'answer ' + color;
  overlay.dataset.color = color;
  $('answer-title').textContent = title;
  $('answer-name').textContent = name;
  $('answer-detail').textContent = detail;
  overlay.hidden = false;
  cue(color);
  clearTimeout(state.answerTimer);
  state.answerTimer = setTimeout(() => { overlay.hidden = true; }, ANSWER_MILLIS);
}

function log(color, text) {
  const item = document.createElement('li');
  item.className = color;
  item.textContent = new Date().toLocaleTimeString() + ' ' + text;
  $('log').prepend(item);
  while ($('log').children.length > 30) { $('log').lastElementChild.remove(); }
}

// A short tone (high for green, low for red) and a buzz where the device can.
let audio = null;
function cue(color) {
  try {
    audio = audio || new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = color === 'green' ? 880 : color === 'red' ? 220 : 440;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + (color === 'red' ? 0.6 : 0.2));
  } catch (e) {
    // No audio output: the screen is the answer.
  }
  if (navigator.vibrate) { navigator.vibrate(color === 'green' ? 100 : [200, 100, 200]); }
}

// ---- camera --------------------------------------------------------------------------------

async function startCamera() {
  if (state.camera || !navigator.mediaDevices) { return; }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    state.camera = stream;
    const video = $('video');
    video.srcObject = stream;
    await video.play();
    $('camera-state').textContent = 'Camera on: hold the ticket\'s QR code up to it.';
    $('camera-toggle').textContent = 'Stop camera';
    decodeFrames();
  } catch (e) {
    $('camera-state').textContent = 'No camera (' + e.name + '): use manual entry.';
  }
}

function stopCamera() {
  if (!state.camera) { return; }
  state.camera.getTracks().forEach((track) => track.stop());
  state.camera = null;
  $('camera-state').textContent = 'Camera off';
  $('camera-toggle').textContent = 'Start camera';
}

function decodeFrames() {
  if (!state.camera) { return; }
  const video = $('video');
  if (video.readyState >= 2 && video.videoWidth) {
    const canvas = $('frame');
    const scale = Math.min(1, 800 / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
    if (code && code.data) { scanCode(code.data, true); }
  }
  setTimeout(decodeFrames, 150);
}

// ---- wiring --------------------------------------------------------------------------------

function setDirection(direction) {
  state.direction = direction;
  $('dir-entry').classList.toggle('on', direction === 'entry');
  $('dir-exit').classList.toggle('on', direction === 'exit');
  $('dir-entry').setAttribute('aria-pressed', String(direction === 'entry'));
  $('dir-exit').setAttribute('aria-pressed', String(direction === 'exit'));
}

async function undoLast() {
  const registrationId = state.lastCheckIn;
  if (!registrationId || !state.staffToken) { return; }
  const response = await fetch('/api/checkin/events/' + encodeURIComponent(state.claims.event_id) + '/check-ins/'
    + encodeURIComponent(registrationId), { method: 'DELETE', headers: { Authorization: 'Bearer ' + state.staffToken } });
  const body = await response.json().catch(() => ({}));
  state.lastCheckIn = null;
  $('undo').hidden = true;
  if (response.ok) {
    answer('neutral', 'Check-in undone', body.attendeeName || registrationId, '');
    log('neutral', 'Undone: ' + (body.attendeeName || registrationId));
  } else {
    answer('red', body.title || 'Undo refused', registrationId, body.detail || '');
  }
}

$('pair-form').addEventListener('submit', (e) => { e.preventDefault(); $('pair-error').textContent = ''; pair($('pair-token').value); });
$('manual').addEventListener('submit', (e) => { e.preventDefault(); scanCode($('manual-code').value, false); $('manual-code').value = ''; });
$('dir-entry').addEventListener('click', () => setDirection('entry'));
$('dir-exit').addEventListener('click', () => setDirection('exit'));
$('camera-toggle').addEventListener('click', () => (state.camera ? stopCamera() : startCamera()));
$('answer').addEventListener('click', () => { $('answer').hidden = true; });
$('undo').addEventListener('click', undoLast);
$('unpair').addEventListener('click', unpair);
$('staff-form').addEventListener('submit', (e) => {
  e.preventDefault();
  state.staffToken = $('staff-token').value.trim() || null;
  $('staff-token').value = '';
  $('undo').hidden = !(state.staffToken && state.lastCheckIn);
});
window.addEventListener('offline', goOffline);
window.addEventListener('online', () => { state.retry = 0; connect(); });

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').catch(() => undefined);
}

// A pairing link carries the token in the fragment (#token=…), which never reaches a server.
const fragment = new URLSearchParams(location.hash.slice(1));
const linked = fragment.get('token');
if (linked) { history.replaceState(null, '', location.pathname); }
const stored = linked || localStorage.getItem('kiosk.token');
if (stored) { pair(stored); } else { showPairing(); }
