// Staff dashboard: one WebSocket per watched event (docs/websocket-protocol.md). Snapshot first,
// then numbered deltas; on reconnect it offers its epoch, last sequence number and shard position
// so this or another instance can send what was missed, or a fresh snapshot. Plain JS, no build step.
(function () {
  'use strict';

  const FEED_LENGTH = 50;
  const state = { eventId: null, token: null, socket: null, epoch: null, seq: null, position: null, retry: 0,
                  timer: null, arrivals: new Map(), stopped: false };
  const $ = (id) => document.getElementById(id);

  function setStatus(kind, text) {
    const status = $('status');
    status.className = 'status ' + kind;
    status.textContent = text;
  }

  function params() {
    // The token travels in the fragment (#event=…&token=…): fragments never reach servers or logs.
    const hash = new URLSearchParams(location.hash.slice(1));
    return { event: hash.get('event') || sessionStorage.getItem('dashboard.event') || '',
             token: hash.get('token') || sessionStorage.getItem('dashboard.token') || '' };
  }

  function connect() {
    clearTimeout(state.timer);
    if (!state.eventId || !state.token || state.stopped) { return; }
    const query = new URLSearchParams({ access_token: state.token });
    if (state.epoch && state.seq !== null) {
      query.set('epoch', state.epoch);
      query.set('since', String(state.seq));
      if (state.position) { query.set('position', state.position.join('.')); }
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = scheme + '//' + location.host + '/ws/checkin/dashboard/' + encodeURIComponent(state.eventId) + '?' + query;
    setStatus('connecting', 'connecting…');
    const socket = new WebSocket(url);
    state.socket = socket;
    socket.onopen = () => { state.retry = 0; setStatus('live', 'live'); };
    socket.onmessage = (message) => handle(JSON.parse(message.data));
    socket.onclose = (event) => {
      if (state.socket !== socket) { return; }
      state.socket = null;
      if (event.code === 1008) {
        // The token expired (or no longer fits this event): the same one would be refused, so ask for a fresh one.
        state.token = null;
        sessionStorage.removeItem('dashboard.token');
        $('token').value = '';
        setStatus('offline', event.reason === 'token expired'
          ? 'token expired – paste a fresh staff token and watch again' : 'closed: ' + (event.reason || 'policy'));
        return;
      }
      // 1001: instance going away, 1013: we were too slow: both mean "come back now".
      const quick = event.code === 1001 || event.code === 1013;
      const delay = quick && state.retry === 0 ? 100 : Math.min(30000, 500 * Math.pow(2, state.retry));
      state.retry++;
      setStatus('offline', 'offline – reconnecting in ' + Math.round(delay / 1000) + ' s');
      state.timer = setTimeout(connect, delay);
    };
  }

  function handle(message) {
    switch (message.type) {
      case 'snapshot': return snapshot(message);
      case 'resumed': return resumed(message);
      case 'delta': return delta(message);
      default: return undefined;
    }
  }

  function snapshot(message) {
    state.epoch = message.epoch;
    state.seq = message.seq;
    state.position = message.position ? message.position.split('.').map(Number) : null;
    $('event-name').textContent = message.eventName || message.eventId;
    counts(message.counts);
    const feed = $('feed');
    feed.replaceChildren();
    message.recentCheckIns.forEach((entry) => feed.append(feedItem(entry.attendeeName, entry.gate, entry.at, entry.registrationId)));
    const conflicts = $('conflicts');
    conflicts.replaceChildren();
    (message.recentConflicts || []).forEach((entry) => conflicts.append(conflictItem(entry)));
    state.arrivals = new Map(message.arrivalsPerMinute.map((bucket) => [minuteKey(bucket.minute), bucket.count]));
    drawChart();
  }

  function resumed(message) {
    if (message.epoch !== state.epoch) {
      // Another instance took over: its numbering continues from here.
      state.epoch = message.epoch;
      state.seq = message.fromSeq - 1;
    } else if (message.fromSeq !== state.seq + 1) {
      // Not what we asked for: start over rather than show a gap.
      reconnectFresh();
    }
  }

  function delta(message) {
    if (state.seq !== null && message.seq !== state.seq + 1) {
      reconnectFresh();
      return;
    }
    state.seq = message.seq;
    if (message.rev !== undefined && state.position) {
      // Already applied on the instance we came from: only its number counts here.
      if (message.rev <= state.position[message.shard]) { return; }
      state.position[message.shard] = message.rev;
    }
    if (message.counts) { counts(message.counts); }
    if (message.kind === 'checked_in') {
      $('feed').prepend(feedItem(message.attendeeName, message.gate, message.at, message.registrationId));
      trimFeed();
      bump(message.at, 1);
    } else if (message.kind === 'check_in_undone') {
      const item = document.querySelector('#feed li[data-registration="' + CSS.escape(message.registrationId) + '"]');
      if (item) { item.classList.add('undone'); }
      bump(message.at, -1);
    } else if (message.kind === 'check_in_conflict') {
      $('conflicts').prepend(conflictItem(message));
      trimList($('conflicts'));
      moveCheckIn(message);
    }
  }

  // An earlier offline admission took over the first check-in: move it in the feed and the chart.
  function moveCheckIn(message) {
    const item = document.querySelector('#feed li[data-registration="' + CSS.escape(message.registrationId) + '"]');
    if (!item || item.dataset.at === message.at) { return; }
    bump(item.dataset.at, -1);
    bump(message.at, 1);
    item.replaceWith(feedItem(message.attendeeName, message.gate, message.at, message.registrationId));
  }

  function conflictItem(entry) {
    const item = document.createElement('li');
    item.dataset.registration = entry.registrationId;
    const who = document.createElement('span');
    who.textContent = entry.attendeeName || entry.registrationId;
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = 'in at ' + (entry.gate || '?') + ' ' + time(entry.at) + ' · again at '
      + entry.conflict.gate + ' ' + time(entry.conflict.at);
    item.append(who, meta);
    return item;
  }

  function time(at) {
    return at ? new Date(at).toLocaleTimeString() : '–';
  }

  function reconnectFresh() {
    state.epoch = null;
    state.seq = null;
    state.position = null;
    if (state.socket) { state.socket.close(); } else { connect(); }
  }

  function counts(c) {
    $('checked-in').textContent = c.checkedIn;
    $('inside').textContent = c.inside;
    $('registered').textContent = c.registered;
    $('waitlisted').textContent = c.waitlisted;
    $('conflict-count').textContent = c.conflicts || 0;
    const gates = $('gates');
    gates.replaceChildren();
    Object.keys(c.gates).sort().forEach((gate) => {
      const row = document.createElement('tr');
      const name = document.createElement('td');
      name.textContent = gate;
      const value = document.createElement('td');
      value.textContent = c.gates[gate];
      row.append(name, value);
      gates.append(row);
    });
  }

  function feedItem(name, gate, at, registrationId) {
    const item = document.createElement('li');
    item.dataset.registration = registrationId;
    item.dataset.at = at;
    const who = document.createElement('span');
    who.textContent = name || registrationId;
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = (gate || '') + ' · ' + time(at);
    item.append(who, meta);
    return item;
  }

  function trimFeed() {
    trimList($('feed'));
  }

  function trimList(list) {
    while (list.children.length > FEED_LENGTH) { list.lastElementChild.remove(); }
  }

  function minuteKey(instant) {
    return Math.floor(new Date(instant).getTime() / 60000);
  }

  function bump(at, by) {
    const key = minuteKey(at);
    state.arrivals.set(key, Math.max(0, (state.arrivals.get(key) || 0) + by));
    drawChart();
  }

  function drawChart() {
    const chart = $('chart');
    const now = Math.floor(Date.now() / 60000);
    const minutes = 30;
    const values = [];
    for (let m = now - minutes + 1; m <= now; m++) { values.push([m, state.arrivals.get(m) || 0]); }
    const max = Math.max(1, ...values.map((v) => v[1]));
    const width = 600 / minutes;
    const ns = 'http://www.w3.org/2000/svg';
    chart.replaceChildren();
    values.forEach(([minute, count], i) => {
      const height = Math.round((count / max) * 135);
      const bar = document.createElementNS(ns, 'rect');
      bar.setAttribute('x', String(i * width + 1));
      bar.setAttribute('y', String(140 - height));
      bar.setAttribute('width', String(width - 2));
      bar.setAttribute('height', String(height));
      const title = document.createElementNS(ns, 'title');
      title.textContent = new Date(minute * 60000).toLocaleTimeString() + ': ' + count;
      bar.append(title);
      chart.append(bar);
      if (i % 5 === 0) {
        const label = document.createElementNS(ns, 'text');
        label.setAttribute('x', String(i * width + 1));
        label.setAttribute('y', '155');
        label.textContent = new Date(minute * 60000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        chart.append(label);
      }
    });
  }

  function loadEventList() {
    // Best effort: the registration API lists events when the gateway routes it here too.
    fetch('/api/registration/events', { headers: { Authorization: 'Bearer ' + state.token } })
      .then((response) => (response.ok ? response.json() : []))
      .then((events) => {
        const list = $('events');
        list.replaceChildren();
        (Array.isArray(events) ? events : events.items || []).forEach((event) => {
          const option = document.createElement('option');
          option.value = event.eventId || event.id;
          option.label = event.name || option.value;
          list.append(option);
        });
      })
      .catch(() => undefined);
  }

  function watch(eventId, token) {
    if (state.socket) { const old = state.socket; state.socket = null; old.close(); }
    Object.assign(state, { eventId, token, epoch: null, seq: null, position: null, retry: 0, arrivals: new Map() });
    sessionStorage.setItem('dashboard.event', eventId);
    sessionStorage.setItem('dashboard.token', token);
    connect();
    loadEventList();
  }

  $('pick').addEventListener('submit', (e) => {
    e.preventDefault();
    watch($('event').value.trim(), $('token').value.trim());
  });
  window.addEventListener('online', () => { if (!state.socket) { state.retry = 0; connect(); } });
  setInterval(drawChart, 30000);

  const initial = params();
  $('event').value = initial.event;
  $('token').value = initial.token;
  if (initial.event && initial.token) {
    if (location.hash) { history.replaceState(null, '', location.pathname); }
    watch(initial.event, initial.token);
  }
})();
