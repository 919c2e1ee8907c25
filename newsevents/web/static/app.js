/* newsevents dashboard: filters, data, the events table and the evidence panel.
 *
 * Two data sources behind one interface: the HTTP API (newsevents serve) or
 * the JSON embedded in a report file (newsevents report). Article text is
 * hostile: it only ever reaches the page through textContent or
 * createTextNode, and a URL becomes a link only when it is http(s).
 */
(function () {
  'use strict';

  var V = window.NewsEventsViews;
  var PAGE = 50;
  var FILTER_FIELDS = ['actor', 'quad_class', 'cameo_root', 'plover', 'date_from', 'date_to',
    'place', 'text'];
  var EXPORTS = [['gdelt', 'GDELT'], ['plover', 'PLOVER'], ['acled', 'ACLED'], ['csv', 'CSV'],
    ['jsonl', 'JSONL'], ['parquet', 'Parquet']];

  /* ---- small DOM helpers: text only ---- */

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function add(parent, child) { parent.appendChild(child); return child; }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function safeUrl(value) {
    if (typeof value !== 'string') { return null; }
    try {
      var u = new URL(value);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(url, label) {
    var href = safeUrl(url);
    if (!href) { return el('span', 'url', url || label); }
    var a = el('a', 'url', label || url);
    a.href = href;
    a.rel = 'noopener noreferrer nofollow';
    a.target = '_blank';
    return a;
  }

  function status(text, isError) {
    var s = $('status');
    s.textContent = text;
    s.className = isError ? 'error' : '';
  }

  /* ---- data sources ---- */

  function getJSON(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          if (!r.ok) {
            var where = body.target ? body.target + ': ' : '';
            throw new Error('[' + (body.code || r.status) + '] ' + where + (body.message || r.statusText));
          }
          return body;
        });
      });
  }

  function apiSource() {
    function qs(params, extra) {
      var q = new URLSearchParams(params);
      Object.keys(extra || {}).forEach(function (k) { q.set(k, extra[k]); });
      return q.toString();
    }
    return {
      report: false,
      meta: function () { return getJSON('/api/meta'); },
      world: function () { return getJSON('/static/countries-110m.json'); },
      actors: function () { return getJSON('/api/actors?limit=300').then(function (b) { return b.actors; }); },
      page: function (params, offset) { return getJSON('/api/events?' + qs(params, { limit: PAGE, offset: offset })); },
      series: function (params) {
        return getJSON('/api/series?' + qs(params, { by: 'week', group: 'quad' })).then(function (b) { return b.series; });
      },
      places: function (params) {
        return getJSON('/api/places?' + qs(params, { limit: 1000 })).then(function (b) { return b.places; });
      },
      network: function (params) {
        return getJSON('/api/events?' + qs(params, { limit: 1000 })).then(function (b) { return b.events; });
      },
      event: function (id) { return getJSON('/api/events/' + encodeURIComponent(id)); },
      exportUrl: function (fmt, params) { return '/api/export/' + fmt + '?' + qs(params); }
    };
  }

  function reportSource(data, world) {
    var events = data.events || [];
    return {
      report: true,
      meta: function () { return Promise.resolve(data.meta || {}); },
      world: function () { return Promise.resolve(world); },
      actors: function () { return Promise.resolve([]); },
      page: function (params, offset) {
        var rows = events.slice(offset, offset + PAGE);
        var next = offset + PAGE < events.length ? offset + PAGE : null;
        return Promise.resolve({ total: data.total, included: events.length, offset: offset,
          limit: PAGE, next_offset: next, events: rows });
      },
      series: function () { return Promise.resolve(data.series || []); },
      places: function () { return Promise.resolve(data.places || []); },
      network: function () { return Promise.resolve(events); },
      event: function (id) {
        var d = (data.details || {})[id];
        return d ? Promise.resolve(d) : Promise.reject(new Error('this event\'s details are not in the report'));
      },
      exportUrl: null
    };
  }

  function embedded(id) {
    var node = $(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /* ---- filters ---- */

  function readForm(form) {
    var params = {};
    FILTER_FIELDS.forEach(function (name) {
      var v = form.elements[name].value.trim();
      if (v) { params[name] = v; }
    });
    var a = form.elements.dyad_a.value.trim(), b = form.elements.dyad_b.value.trim();
    if (a && b) { params.dyad = a + ',' + b; }
    return params;
  }

  function writeForm(form, params) {
    FILTER_FIELDS.forEach(function (name) { form.elements[name].value = params[name] || ''; });
    var pair = (params.dyad || '').split(',');
    form.elements.dyad_a.value = pair[0] || '';
    form.elements.dyad_b.value = pair[1] || '';
  }

  function hashParams() {
    var out = {}, q = new URLSearchParams(location.hash.replace(/^#/, ''));
    q.forEach(function (v, k) { if (k === 'dyad' || FILTER_FIELDS.indexOf(k) >= 0) { out[k] = v; } });
    return out;
  }

  function fillSelect(select, options) {
    options.forEach(function (o) {
      var opt = el('option', null, o[1]);
      opt.value = o[0];
      select.appendChild(opt);
    });
  }

  /* ---- the events table ---- */

  function actorLabel(a) {
    if (!a) { return '-'; }
    var name = a.name || a.text || '?';
    var code = a.code || a.group || '';
    return code && code !== name ? name + ' [' + code + ']' : name;
  }

  function eventLabel(e) {
    var p = e.plover && e.plover.type ? ' ' + e.plover.type : '';
    return (e.cameo || '') + p;
  }

  function placeLabel(e) {
    var l = e.location || {};
    return l.name || l.country || '-';
  }

  function killedLabel(e) {
    var k = e.counts && e.counts.killed;
    return k ? (k.text || k.min) : '';
  }

  function fillTable(events, onOpen) {
    var body = document.querySelector('#events tbody');
    clear(body);
    if (!events.length) {
      var td = add(add(body, el('tr')), el('td', 'empty', 'No events match these filters.'));
      td.colSpan = 8;
      return;
    }
    events.forEach(function (e) {
      var tr = add(body, el('tr', 'q' + (e.quad_class || 0)));
      tr.tabIndex = 0;
      tr.dataset.eventId = e.event_id;
      add(tr, el('td', 'date', (e.date && e.date.value) || e.day || '-'));
      add(tr, el('td', null, actorLabel(e.source)));
      add(tr, el('td', 'code', eventLabel(e)));
      add(tr, el('td', null, actorLabel(e.target)));
      add(tr, el('td', null, placeLabel(e)));
      add(tr, el('td', 'num', killedLabel(e)));
      add(tr, el('td', 'num', e.num_mentions + ' / ' + e.num_sources));
      add(tr, el('td', 'sentence-cell', e.evidence));
      tr.addEventListener('click', function () { onOpen(e.event_id, tr); });
      tr.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); onOpen(e.event_id, tr); }
      });
    });
  }

  /* ---- the evidence panel ---- */

  function mainReport(detail) {
    var reports = detail.reports || [];
    for (var i = 0; i < reports.length; i++) {
      if (reports[i].report && reports[i].report.evidence === detail.evidence) { return reports[i].report; }
    }
    return reports.length ? reports[0].report || {} : {};
  }

  function nearest(sentence, words, at) {
    // where the words stand in the sentence, spaced any way, nearest to offset at
    var pattern = String(words).trim().split(/\s+/).map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }).join('\\s+');
    if (!pattern) { return null; }
    var re = new RegExp(pattern, 'g'), best = null, m;
    while ((m = re.exec(sentence)) !== null) {
      if (best === null || Math.abs(m.index - at) < Math.abs(best[0] - at)) {
        best = [m.index, m.index + m[0].length];
      }
      if (m[0].length === 0) { re.lastIndex += 1; }
    }
    return best;
  }

  function marks(sentence, report) {
    // spans in a report are offsets in its document (the text as its user gave it); the
    // sentence starts at char_span[0], but is the readable sentence: where the user's text
    // is spaced otherwise (wrapped lines, indentation) the words are looked for near there
    var base = report.char_span ? report.char_span[0] : null, out = [];
    function span(s, cls, label, words) {
      if (base === null || !s) { return; }
      var start = s[0] - base, end = s[1] - base;
      if (words && sentence.slice(start, end) !== words) {
        var found = nearest(sentence, words, start);
        if (!found) { return; }
        start = found[0]; end = found[1];
      }
      if (start >= 0 && end <= sentence.length && end > start) { out.push([start, end, cls, label]); }
    }
    function byText(text, cls, label, fold) {
      // a span elsewhere in the document (an earlier mention): mark the words here instead
      if (!text || out.some(function (m) { return m[2] === cls; })) { return; }
      var hay = fold ? sentence.toLowerCase() : sentence;
      var at = hay.indexOf(fold ? String(text).toLowerCase() : String(text));
      if (at >= 0) { out.push([at, at + String(text).length, cls, label]); }
    }
    span(report.trigger_span, 'trigger', 'trigger', report.trigger);
    span(report.source && report.source.span, 'src', 'source', report.source && report.source.text);
    span(report.target && report.target.span, 'tgt', 'target', report.target && report.target.text);
    byText(report.trigger, 'trigger', 'trigger', true);
    byText(report.source && report.source.text, 'src', 'source', false);
    byText(report.target && report.target.text, 'tgt', 'target', false);
    out.sort(function (a, b) { return a[0] - b[0]; });
    var kept = [], end = -1;
    out.forEach(function (m) { if (m[0] >= end) { kept.push(m); end = m[1]; } });
    return kept;
  }

  function highlighted(sentence, report) {
    var p = el('p', 'sentence'), pos = 0;
    marks(sentence, report).forEach(function (m) {
      p.appendChild(document.createTextNode(sentence.slice(pos, m[0])));
      var mark = add(p, el('mark', m[2], sentence.slice(m[0], m[1])));
      mark.title = m[3];
      pos = m[1];
    });
    p.appendChild(document.createTextNode(sentence.slice(pos)));
    return p;
  }

  function fact(dl, term, value) {
    if (value === null || value === undefined || value === '') { return; }
    add(dl, el('dt', null, term));
    var dd = add(dl, el('dd'));
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
  }

  function actorFact(a) {
    if (!a) { return null; }
    var bits = [a.name || a.text];
    if (a.text && a.name && a.text !== a.name) { bits.push('("' + a.text + '")'); }
    if (a.code) { bits.push('code ' + a.code); }
    if (a.entry) { bits.push('dictionary entry ' + a.entry); }
    return bits.join(' ');
  }

  function section(body, title) {
    var s = add(body, el('section'));
    add(s, el('h3', null, title));
    return s;
  }

  function showEvidence(detail, meta) {
    var body = $('evidence-body');
    clear(body);
    var report = mainReport(detail);
    $('evidence-title').textContent = actorLabel(detail.source) + ' \u2192 ' + eventLabel(detail) +
      ' \u2192 ' + actorLabel(detail.target);
    body.appendChild(highlighted(detail.evidence || '', report));
    var legend = add(body, el('p', 'mark-legend'));
    [['trigger', 'trigger'], ['src', 'source'], ['tgt', 'target']].forEach(function (m) {
      add(legend, el('mark', m[0], m[1]));
    });
    var others = (detail.evidence_sentences || []).filter(function (s) { return s !== detail.evidence; });
    if (others.length) {
      var o = section(body, 'Other sentences reporting it');
      var ul = add(o, el('ul'));
      others.slice(0, 20).forEach(function (s) { add(ul, el('li', 'sentence', s)); });
    }

    var why = section(body, 'Why it was coded so');
    var dl = add(why, el('dl'));
    var rules = {};
    (detail.mentions || []).forEach(function (m) { if (m.rule) { rules[m.rule] = 1; } });
    if (report.rule) { rules[report.rule] = 1; }
    fact(dl, 'Rule', Object.keys(rules).join(', '));
    fact(dl, 'Trigger', report.trigger);
    var roots = {};
    ((meta && meta.cameo_roots) || []).forEach(function (r) { roots[r.code] = r.name; });
    fact(dl, 'CAMEO', detail.cameo + (roots[detail.cameo_root] ? ' (' + roots[detail.cameo_root] + ')' : '') +
      (detail.goldstein !== null && detail.goldstein !== undefined ? ', Goldstein ' + detail.goldstein : ''));
    fact(dl, 'Family', V.QUAD_NAMES[detail.quad_class]);
    if (detail.plover && detail.plover.type) {
      fact(dl, 'PLOVER', detail.plover.type + (detail.plover.mode ? ' / ' + detail.plover.mode : ''));
    }
    if (detail.acled) { fact(dl, 'ACLED', [detail.acled.event_type, detail.acled.sub_event_type].filter(Boolean).join(' / ')); }
    fact(dl, 'Source actor', actorFact(report.source || detail.source));
    fact(dl, 'Target actor', actorFact(report.target || detail.target));
    fact(dl, 'Modality', detail.modality + (detail.claimed_by ? ', claimed by ' + detail.claimed_by : ''));
    if (detail.date) {
      fact(dl, 'Date', detail.date.value + ' (' + detail.date.precision + (detail.date.text ? ', "' +
        detail.date.text + '"' : '') + (detail.date.source === 'publication' ? ', from publication date' : '') + ')');
    }
    var loc = detail.location;
    if (loc) {
      fact(dl, 'Place', [loc.name, loc.admin1 !== loc.name ? loc.admin1 : null, loc.country]
        .filter(Boolean).join(', ') + (loc.text ? ' ("' + loc.text + '")' : '') +
        (typeof loc.lat === 'number' ? ' at ' + loc.lat.toFixed(2) + ', ' + loc.lon.toFixed(2) : ''));
    }
    Object.keys(detail.counts || {}).forEach(function (kind) {
      var c = detail.counts[kind];
      fact(dl, kind.charAt(0).toUpperCase() + kind.slice(1), c.text + (c.reported_by ? ' (says ' + c.reported_by + ')' : ''));
    });
    fact(dl, 'Confidence', typeof detail.confidence === 'number' ? detail.confidence.toFixed(2) : detail.confidence);

    var src = section(body, 'Source');
    var sdl = add(src, el('dl'));
    fact(sdl, 'Reported by', report.reported_by);
    fact(sdl, 'Outlets', (detail.outlets || []).join(', '));
    fact(sdl, 'Counted', detail.num_mentions + ' mention(s), ' + detail.num_articles + ' article(s), ' +
      detail.num_sources + ' source(s)');

    var docs = section(body, 'Documents');
    var dul = add(docs, el('ul', 'documents'));
    (detail.documents || []).forEach(function (d) {
      var li = add(dul, el('li'));
      add(li, el('strong', 'doc-title', d.title || d.doc_id));
      add(li, el('span', 'doc-meta', ' ' + [d.outlet, d.published].filter(Boolean).join(', ') + ' '));
      if (d.url) { li.appendChild(link(d.url)); }
    });

    var quotes = (detail.quotes || []).filter(function (q) { return q.text; });
    if (quotes.length) {
      var qs = section(body, 'Quotes in these documents');
      var qul = add(qs, el('ul', 'quotes'));
      quotes.slice(0, 8).forEach(function (q) {
        var li = add(qul, el('li'));
        add(li, el('q', null, q.text));
        var who = q.speaker_name || q.speaker_text;
        if (who) { add(li, el('span', 'speaker', ' \u2014 ' + who + (q.verb ? ' (' + q.verb + ')' : ''))); }
      });
    }
    $('evidence').hidden = false;
    document.body.classList.add('with-evidence');
    $('evidence-close').focus({ preventScroll: true });
  }

  /* ---- wiring ---- */

  function start() {
    var data = embedded('report-data');
    var source = data ? reportSource(data, embedded('world-data')) : apiSource();
    var form = $('filters');
    var params = {}, offset = 0, meta = {}, world = null, worldView = false, lastPlaces = [];

    function openEvent(id, row) {
      document.querySelectorAll('#events tr.selected').forEach(function (r) { r.classList.remove('selected'); });
      if (row) { row.classList.add('selected'); }
      source.event(id).then(function (d) { showEvidence(d, meta); })
        .catch(function (err) { status(err.message, true); });
    }

    function loadPage() {
      return source.page(params, offset).then(function (page) {
        fillTable(page.events, openEvent);
        var shown = page.events.length ? (offset + 1) + '\u2013' + (offset + page.events.length) : '0';
        var of = page.included !== undefined && page.included < page.total
          ? page.included + ' included of ' + page.total : String(page.total);
        $('page-info').textContent = shown + ' of ' + of;
        $('prev').disabled = offset === 0;
        $('next').disabled = page.next_offset === null || page.next_offset === undefined;
        status(page.total + ' event(s) match.', false);
      });
    }

    function exportsNav() {
      var nav = form.querySelector('.exports');
      clear(nav);
      if (!source.exportUrl) { return; }
      add(nav, el('span', null, 'Download: '));
      EXPORTS.forEach(function (f) {
        var a = add(nav, el('a', null, f[1]));
        a.href = source.exportUrl(f[0], params);
        a.setAttribute('download', '');
      });
    }

    function drawMap() { V.drawMap($('map'), world, lastPlaces, worldView); }

    function refresh() {
      status('Loading\u2026', false);
      offset = 0;
      exportsNav();
      return Promise.all([
        loadPage(),
        source.series(params).then(function (rows) { V.drawTimeline($('timeline'), rows, $('timeline-legend')); }),
        source.places(params).then(function (rows) { lastPlaces = rows; drawMap(); }),
        source.network(params).then(function (rows) { V.drawNetwork($('network'), rows); })
      ]).then(function () { document.body.dataset.ready = 'true'; })
        .catch(function (err) { status(err.message, true); document.body.dataset.ready = 'error'; });
    }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      params = readForm(form);
      if (!source.report) { history.replaceState(null, '', '#' + new URLSearchParams(params).toString()); }
      document.body.dataset.ready = 'false';
      refresh();
    });
    form.addEventListener('reset', function () {
      setTimeout(function () { form.dispatchEvent(new Event('submit', { cancelable: true })); }, 0);
    });
    $('prev').addEventListener('click', function () { offset = Math.max(0, offset - PAGE); loadPage(); });
    $('next').addEventListener('click', function () { offset += PAGE; loadPage(); });
    $('map-toggle').addEventListener('click', function () {
      worldView = !worldView;
      $('map-toggle').textContent = worldView ? 'Fit to events' : 'World';
      drawMap();
    });
    function closeEvidence() {
      $('evidence').hidden = true;
      document.body.classList.remove('with-evidence');
    }
    $('evidence-close').addEventListener('click', closeEvidence);
    document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') { closeEvidence(); } });

    if (source.report) {
      form.hidden = true;
      var shown = $('report-filters');
      shown.hidden = false;
      var crit = data.filters || {};
      var text = Object.keys(crit).map(function (k) { return k + ' = ' + crit[k]; }).join('; ');
      shown.textContent = 'Report generated ' + data.generated + ' from ' + data.total +
        ' matching event(s)' + (text ? ', filters: ' + text : ', no filters') + '.';
    } else {
      params = hashParams();
      writeForm(form, params);
    }

    Promise.all([source.meta(), source.world().catch(function () { return null; }), source.actors()])
      .then(function (got) {
        meta = got[0] || {};
        world = got[1];
        fillSelect(form.elements.quad_class, (meta.quad_classes || []).map(function (q) { return [String(q.code), q.name]; }));
        fillSelect(form.elements.cameo_root, (meta.cameo_roots || []).map(function (r) { return [r.code, r.code + ' ' + r.name]; }));
        fillSelect(form.elements.plover, (meta.plover_types || []).map(function (t) { return [t, t]; }));
        var list = $('actor-keys'), seen = {};
        (got[2] || []).forEach(function (a) {
          var value = a.actor_group || a.code || a.key;
          if (!value || seen[value]) { return; }
          seen[value] = true;
          var opt = el('option');
          opt.value = value;
          opt.label = a.name || a.key;
          list.appendChild(opt);
        });
        if (!source.report) { writeForm(form, params); }
        return refresh();
      })
      .catch(function (err) { status(err.message, true); });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
