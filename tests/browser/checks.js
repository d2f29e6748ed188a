// Checks run inside a report page by tests/browser/run.sh, which inserts
// this file as an inline script after the page's own and reads the lines
// it writes into the element pre#browser-test of the dumped DOM: "ok ..." for
// a check that held, "FAIL ..." for one that did not.
(function () {
  'use strict';
  var out = document.createElement('pre');
  out.id = 'browser-test';
  document.body.appendChild(out);
  function say(line) { out.textContent += line + '\n'; }
  function check(what, ok, detail) { say((ok ? 'ok ' : 'FAIL ') + what + (ok ? '' : ': ' + detail)); }
  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }
  function shown(el) { return getComputedStyle(el).display !== 'none'; }

  function arcs() {
    var wrap = document.getElementById('text-wrap').getBoundingClientRect();
    var list = all('#arcs g.arc');
    check('arcs: the page has arcs', list.length > 0, 'none');
    var bad = [];
    list.forEach(function (g) {
      var h = document.getElementById(g.getAttribute('data-head'));
      var t = document.getElementById(g.getAttribute('data-tail'));
      if (!h || !t) { bad.push(g.getAttribute('data-rel') + ' lacks an end'); return; }
      var box = g.getBBox();
      var paths = all('path[d]', g);
      if (!paths.length || !(box.width > 0 && box.height > 0)) {
        bad.push(g.getAttribute('data-rel') + ' has no geometry');
        return;
      }
      // The arc reaches down to the top middle of each end (of one of its
      // lines, for a name cut by a line break) from above.
      [h, t].forEach(function (el) {
        var hit = Array.prototype.some.call(el.getClientRects(), function (r) {
          var x = (r.left + r.right) / 2 - wrap.left;
          var y = r.top - wrap.top;
          return x >= box.x - 4 && x <= box.x + box.width + 4 && y > box.y + 2 && y <= box.y + box.height + 8;
        });
        if (!hit) bad.push(g.getAttribute('data-rel') + ' misses ' + el.id);
      });
    });
    check('arcs: ' + list.length + ' drawn from head to tail', bad.length === 0, bad.slice(0, 5).join('; '));
  }

  function toggles() {
    var arc = document.querySelector('#arcs g.arc');
    var head = document.getElementById(arc.getAttribute('data-head'));
    var label = head.getAttribute('data-type');
    var box = document.querySelector('input.toggle[data-kind="label"][value="' + label + '"]');
    check('toggle: the legend has one for ' + label, !!box, 'missing');
    if (!box) return;
    var spans = all('#text .ent').filter(function (s) { return s.getAttribute('data-type') === label; });
    var others = all('#text .ent').filter(function (s) { return s.getAttribute('data-type') !== label; });
    box.click();
    var still = spans.filter(function (s) {
      var st = getComputedStyle(s);
      return st.backgroundColor !== 'rgba(0, 0, 0, 0)' || getComputedStyle(s, '::after').content !== 'none';
    });
    check('toggle: unticking ' + label + ' hides its ' + spans.length + ' spans', spans.length > 0 && still.length === 0,
      still.length + ' still shown');
    var wrong = others.filter(function (s) { return s.classList.contains('off'); });
    check('toggle: the other labels stay', wrong.length === 0, wrong.length + ' hidden');
    var touching = all('#arcs g.arc').filter(function (g) {
      return [g.getAttribute('data-head'), g.getAttribute('data-tail')].some(function (id) {
        return document.getElementById(id).getAttribute('data-type') === label;
      });
    });
    var visible = touching.filter(shown);
    check('toggle: the ' + touching.length + ' arcs touching ' + label + ' are hidden', visible.length === 0,
      visible.length + ' visible');
    box.click();
    check('toggle: ticking ' + label + ' again shows them', shown(arc) && !head.classList.contains('off'), 'still hidden');

    // Sources: each styled in its own way, and a toggle of its own.
    var styles = {};
    all('#text .ent').forEach(function (s) {
      styles[s.getAttribute('data-source')] = getComputedStyle(s).borderBottomStyle;
    });
    var want = { gazetteer: 'solid', acronym: 'dashed', pattern: 'dotted' };
    Object.keys(styles).forEach(function (k) {
      if (want[k]) check('source: ' + k + ' is ' + want[k], styles[k] === want[k], styles[k]);
    });
    var source = Object.keys(styles).filter(function (k) { return k !== 'gazetteer'; })[0];
    if (!source) return;
    var sbox = document.querySelector('input.toggle[data-kind="source"][value="' + source + '"]');
    sbox.click();
    var ofSource = all('#text .ent[data-source="' + source + '"]');
    var gazetteer = all('#text .ent[data-source="gazetteer"]');
    check('toggle: unticking ' + source + ' hides its ' + ofSource.length + ' spans and no other',
      ofSource.every(function (s) { return s.classList.contains('off'); }) &&
      gazetteer.every(function (s) { return !s.classList.contains('off'); }), 'wrong spans hidden');
    sbox.click();
  }

  function sentenceLink(done) {
    var link = document.querySelector('tr.rel a.to-sent');
    var id = link.getAttribute('href').slice(1);
    scrollTo(0, 0);
    link.click();
    setTimeout(function () {
      var target = document.querySelector(':target');
      check('link: a relation row targets its sentence ' + id, target && target.id === id && target.classList.contains('sent'),
        target ? target.id : 'no target');
      var r = document.getElementById(id).getBoundingClientRect();
      check('link: the sentence is scrolled into view', scrollY > 0 && r.top >= 0 && r.top < innerHeight,
        'top ' + r.top + ', scrollY ' + scrollY);
      done();
    }, 50);
  }

  function visibleRows(table) {
    return all('tbody tr', table).filter(function (r) { return !r.hidden && shown(r); });
  }

  function sorting() {
    var table = document.getElementById('documents');
    var names = function () { return all('tbody tr', table).map(function (r) { return r.cells[0].textContent; }); };
    var first = names();
    check('sort: documents start in order of id', first.join('\n') === first.slice().sort().join('\n'), first.join(', '));
    var heads = all('thead th', table);
    var col = heads.findIndex(function (th) { return th.textContent.trim() === 'spans'; });
    var spans = function () { return all('tbody tr', table).map(function (r) { return parseFloat(r.cells[col].textContent); }); };
    heads[col].click();
    var up = spans();
    check('sort: a click sorts by spans, ascending', up.every(function (v, i) { return i === 0 || up[i - 1] <= v; }), up.join(','));
    heads[col].click();
    var down = spans();
    check('sort: a second click reverses', down.every(function (v, i) { return i === 0 || down[i - 1] >= v; }) &&
      down[0] > down[down.length - 1], down.join(','));
    heads[0].click();
    check('sort: by document again', names().join('\n') === first.join('\n'), names().join(', '));
  }

  function search() {
    var input = document.querySelector('input.filter[data-table="corpus-entities"]');
    var table = document.getElementById('corpus-entities');
    var total = visibleRows(table).length;
    input.value = 'csto';
    input.dispatchEvent(new Event('input'));
    var kept = visibleRows(table);
    var wrong = kept.filter(function (r) { return r.getAttribute('data-search').indexOf('csto') < 0; });
    check('search: "csto" keeps ' + kept.length + ' of ' + total + ' entities',
      kept.length > 0 && kept.length < total && wrong.length === 0, kept.length + ' kept, ' + wrong.length + ' wrong');
    var ids = kept.map(function (r) { return r.cells[0].textContent; });
    check('search: csto itself is kept', ids.indexOf('csto') >= 0, ids.join(', '));
    input.value = '';
    input.dispatchEvent(new Event('input'));
    check('search: clearing shows all again', visibleRows(table).length === total, visibleRows(table).length);
  }

  function run(step, next) {
    try { step(next); } catch (e) { check(step.name, false, e && e.stack || e); if (next) next(); }
  }
  if (document.getElementById('text-wrap')) {
    run(arcs);
    run(toggles);
    run(sentenceLink, function () { say('done'); });
  } else if (document.getElementById('documents')) {
    run(sorting);
    run(search);
    say('done');
  }
})();
