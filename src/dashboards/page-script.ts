/**
 * The page's own script (plain browser JavaScript, run by Chromium): draws each panel from the
 * JSON embedded in the page. Units follow Grafana's ids (bytes are IEC, percentunit is 0..1);
 * legends expand `{{label}}` as Grafana's legendFormat does; colours are Grafana's classic palette.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  var page = JSON.parse(document.getElementById('data').textContent);
  var COLORS = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2', '#b877d9', '#705da0', '#37872d', '#fade2a'];
  function scaled(v, base, units) {
    var i = 0, a = Math.abs(v);
    while (a >= base && i < units.length - 1) { a /= base; v /= base; i++; }
    return (a === 0 ? '0' : Number.isInteger(v) ? String(v) : a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : String(Number(v.toPrecision(2)))) + units[i];
  }
  function fmt(unit, v) {
    if (v == null || isNaN(v)) return '-';
    switch (unit) {
      case 'bytes': return scaled(v, 1024, [' B', ' KiB', ' MiB', ' GiB', ' TiB']);
      case 'Bps': return scaled(v, 1024, [' B/s', ' KiB/s', ' MiB/s', ' GiB/s']);
      case 'percent': return v.toFixed(1) + '%';
      case 'percentunit': return (v * 100).toFixed(1) + '%';
      case 's': return v === 0 ? '0 s' : Math.abs(v) < 1 ? (v * 1000).toFixed(Math.abs(v) < 0.01 ? 2 : 0) + ' ms' : v.toFixed(2) + ' s';
      case 'reqps': return scaled(v, 1000, [' req/s', 'K req/s', 'M req/s']);
      default: return scaled(v, 1000, ['', 'K', 'M', 'B', 'T']);
    }
  }
  function legendOf(q, labels) {
    if (q.legend) return q.legend.replace(/\{\{\s*(\w+)\s*\}\}/g, function (_, k) { return labels[k] || ''; });
    var name = labels.__name__ || '';
    var rest = Object.keys(labels).filter(function (k) { return k !== '__name__'; }).map(function (k) { return k + '="' + labels[k] + '"'; });
    return name + (rest.length ? '{' + rest.join(', ') + '}' : '') || q.expr;
  }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function message(body, text, cls) { body.appendChild(el('div', 'nodata' + (cls ? ' ' + cls : ''), text)); }
  function allSeries(p) {
    var out = [];
    p.queries.forEach(function (q) { q.series.forEach(function (s) { out.push({ q: q, s: s, name: legendOf(q, s.labels) }); }); });
    return out;
  }
  function last(s) { for (var i = s.points.length - 1; i >= 0; i--) if (!isNaN(s.points[i][1])) return s.points[i][1]; return null; }

  function timeseries(p, body, list) {
    var xs = [];
    for (var t = page.startS; t <= page.endS; t += page.stepS) xs.push(t);
    var data = [xs];
    list.forEach(function (e) {
      var at = {};
      e.s.points.forEach(function (pt) { at[Math.round(pt[0])] = pt[1]; });
      data.push(xs.map(function (x) { var v = at[Math.round(x)]; return v === undefined || isNaN(v) ? null : v; }));
    });
    var legend = el('div', 'legend');
    list.forEach(function (e, i) { var item = el('span'); var sw = el('i'); sw.style.background = COLORS[i % COLORS.length]; item.appendChild(sw); item.appendChild(document.createTextNode(e.name)); legend.appendChild(item); });
    var w = body.clientWidth - 16, h = body.clientHeight - 6 - Math.min(34, 16 * Math.ceil(list.length / 3));
    var axis = { stroke: '#8e8e9a', grid: { stroke: '#2c3235', width: 1 }, ticks: { stroke: '#2c3235', width: 1 }, font: '11px sans-serif' };
    new uPlot({
      width: w, height: h, legend: { show: false }, cursor: { show: false },
      series: [{}].concat(list.map(function (e, i) { var c = COLORS[i % COLORS.length]; return { label: e.name, stroke: c, width: 1.5, fill: c + '1a', spanGaps: false, points: { show: false } }; })),
      axes: [Object.assign({}, axis), Object.assign({}, axis, { size: 72, values: function (u, vals) { return vals.map(function (v) { return fmt(p.unit, v); }); } })],
    }, data, body);
    body.appendChild(legend);
  }
  function stat(p, body, list) {
    var box = el('div', 'stat');
    box.textContent = list.slice(0, 4).map(function (e) { return fmt(p.unit, last(e.s)); }).join('   ');
    body.appendChild(box);
  }
  function gauge(p, body, list) {
    var v = last(list[0].s), max = p.unit === 'percentunit' ? 1 : 100, f = Math.max(0, Math.min(1, v / max));
    var r = Math.min(body.clientWidth / 2, body.clientHeight) * 0.8, cx = body.clientWidth / 2, cy = body.clientHeight * 0.85;
    var a = Math.PI * (1 - f), x = cx + r * Math.cos(a), y = cy - r * Math.sin(a);
    body.innerHTML = '<svg width="100%" height="100%"><path d="M' + (cx - r) + ' ' + cy + ' A' + r + ' ' + r + ' 0 0 1 ' + (cx + r) + ' ' + cy + '" stroke="#2c3235" stroke-width="14" fill="none"/>' +
      '<path d="M' + (cx - r) + ' ' + cy + ' A' + r + ' ' + r + ' 0 0 1 ' + x + ' ' + y + '" stroke="' + (f > 0.8 ? '#f2495c' : '#73bf69') + '" stroke-width="14" fill="none"/>' +
      '<text x="' + cx + '" y="' + (cy - 8) + '" fill="#73bf69" font-size="28" text-anchor="middle">' + fmt(p.unit, v) + '</text></svg>';
  }
  function bargauge(p, body, list) {
    var max = Math.max.apply(null, list.map(function (e) { return last(e.s) || 0; }).concat([p.unit === 'percentunit' ? 1 : p.unit === 'percent' ? 100 : 0]));
    list.slice(0, 12).forEach(function (e) {
      var v = last(e.s), bar = el('div', 'bar'), fill = el('span');
      fill.style.width = (max > 0 ? (100 * v) / max : 0) + '%';
      bar.appendChild(fill); bar.appendChild(el('em', null, e.name + ': ' + fmt(p.unit, v))); body.appendChild(bar);
    });
  }
  function table(p, body, list) {
    var keys = [];
    list.forEach(function (e) { Object.keys(e.s.labels).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); }); });
    var t = el('table'), head = el('tr');
    keys.concat(['Value']).forEach(function (k) { head.appendChild(el('th', null, k)); });
    t.appendChild(head);
    list.slice(0, 50).forEach(function (e) {
      var tr = el('tr');
      keys.forEach(function (k) { tr.appendChild(el('td', null, e.s.labels[k] || '')); });
      tr.appendChild(el('td', null, fmt(p.unit, last(e.s)))); t.appendChild(tr);
    });
    body.appendChild(t);
  }
  function nodeGraph(p, body, list) {
    var t = el('table'), head = el('tr');
    ['client', 'server', 'requests (range)'].forEach(function (k) { head.appendChild(el('th', null, k)); });
    t.appendChild(head);
    list.forEach(function (e) { var tr = el('tr'); [e.s.labels.client, e.s.labels.server, fmt('short', last(e.s))].forEach(function (v) { tr.appendChild(el('td', null, v || '')); }); t.appendChild(tr); });
    body.appendChild(t);
  }
  var DRAW = { timeseries: timeseries, stat: stat, gauge: gauge, bargauge: bargauge, table: table, nodeGraph: nodeGraph };

  page.panels.forEach(function (p, i) {
    if (p.type === 'row') return;
    var body = document.querySelector('#p' + i + ' .body');
    if (p.skipped) return message(body, 'not drawn: ' + p.skipped);
    var errors = p.queries.filter(function (q) { return q.error; });
    if (errors.length) return message(body, errors[0].error, 'err');
    var list = allSeries(p);
    if (!list.length) return message(body, 'No data');
    (DRAW[p.type] || timeseries)(p, body, list);
  });
  document.body.setAttribute('data-drawn', 'true');
})();
`;
