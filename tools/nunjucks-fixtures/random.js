#!/usr/bin/env node
// Random templates for a differential check: each is built from grammar fragments (expressions, filters,
// JavaScript methods, loops, macros, whitespace control) with a fixed seed and rendered by nunjucks; the Java
// engine must give the same text or also reject it (RandomTemplatesTest). Run: node random.js
'use strict';
const fs = require('fs');
const path = require('path');
const nunjucks = require('nunjucks');
const COUNT = 1000;
let seed = Number(process.argv[2] || 20261121);
function rnd(n) { seed = (seed * 48271) % 2147483647; return seed % n; }
function pick(a) { return a[rnd(a.length)]; }
const atoms = ['s.split(" ")', 's.slice(1, 3)', 'xs.join("+")', 's.toUpperCase()', 'n.toFixed(2)', 'f.toFixed(0)', 'xs.indexOf(1)', 's.replace("l", "L")', 's.includes("o")', 'xs.concat([9])', 's.substring(4, 1)', 's.charAt(4)', '"ab".repeat(2)', 's.trim().length', 's.startsWith("He")', '"é😀x"', '"a\\nb"', '1e3', '[[1, 2], [3]]', 'xs | sum', 'u', 'u.v', 'w', 'w[0]', 'w[0].q', '"a b c"', '10', '0.1', '"10"', '" 5 "', 'xs[0] * 2', 'loop.index', 'a', 'b', 's', 'n', 'f', 'xs', 'o', 'missing', 'nul', '1', '0', '2.5', '-3', '"x"', "'Ab c'", '""', 'true', 'false', 'none', '[1, "2", 3]', '{k: 1, "j": "v"}', 'o.k', 'xs[1]', 'xs.length', 's.length', 'o["j"]', 'missing.x', '(a + 1)', 'range(3)'];
const binops = ['+', '-', '*', '/', '%', '//', '**', '~', '==', '!=', '===', '!==', '<', '>', '<=', '>=', 'and', 'or', 'in', 'not in'];
const filters = ['first | upper', 'dump(2)', 'length > 2', 'int(9)', 'float(1.5)', 'join("-", "q")', 'sort(true)', 'sort(false, true)', 'groupby("q")', 'selectattr("q")', 'replace(" ", "_")', 'truncate(5, true, "!")', 'wordcount', 'title | reverse', 'string | length', 'round(0, "floor")', 'default(none) | dump', 'list | length', 'batch(2, 0) | dump', 'upper', 'lower', 'length', 'first', 'last', 'dump', 'default("d")', 'default("d", true)', 'join(",")', 'reverse', 'sort', 'trim', 'title', 'capitalize', 'int', 'float', 'abs', 'round(1)', 'string', 'list', 'safe', 'escape', 'urlencode', 'wordcount', 'truncate(3)', 'replace("a", "b")', 'sum', 'batch(2)', 'center(6)', 'indent(2)', 'striptags', 'nl2br', 'select', 'reject("odd")', 'slice(2)'];
function expr(d) {
  const r = rnd(10);
  if (d > 2 || r < 3) return pick(atoms);
  if (r < 6) return expr(d + 1) + ' ' + pick(binops) + ' ' + expr(d + 1);
  if (r < 8) return expr(d + 1) + ' | ' + pick(filters);
  if (r < 9) return 'not ' + expr(d + 1);
  return expr(d + 1) + ' if ' + expr(d + 1) + ' else ' + expr(d + 1);
}
function tmpl() {
  const r = rnd(10);
  if (r >= 6) {
    const k = r - 6;
    if (k === 0) return '{% for k2, v2 in ' + pick(['o', '{b: 1, a: 2}', 'w', 'xs', '"ab"', 'missing']) + ' %}{{ k2 }}:{{ v2 }}|{{ loop.revindex }}{% endfor %}';
    if (k === 1) return '{% macro mm(p, q=' + pick(atoms) + ') %}[{{ p }}/{{ q }}]{% endmacro %}{{ mm(' + expr(1) + ') }}{{ mm(q=' + expr(2) + ') }}';
    if (k === 2) return '  {%- if ' + expr(0) + ' -%}  x  {%- elif ' + expr(1) + ' %}  y  {% else -%}  z  {%- endif %}  ';
    return '{% set blk %}{{ ' + expr(0) + ' }}{% endset %}{{ blk | length }}:{{ blk }}';
  }
  if (r < 3) return '{{ ' + expr(0) + ' }}';
  if (r < 4) return '{% if ' + expr(0) + ' %}T{% else %}F{% endif %}';
  if (r < 5) return '{% for v in ' + expr(1) + ' %}{{ v }},{% else %}E{% endfor %}';
  return '{% set t = ' + expr(0) + ' %}{{ t }}';
}
const vars = { u: { v: 'V' }, w: [{ q: 'Q1' }, { q: '' }, { q: 'Q1' }], a: 2, b: '3', s: 'Hello wOrld', n: 7, f: 1.5, xs: [3, 1, 2], o: { k: 'K', j: 2 }, nul: null };
const env = new nunjucks.Environment(null, { autoescape: false });
env.addFilter('load', (x) => JSON.parse(x));
const out = [];
const seen = new Set();
while (out.length < COUNT) {
  const t = tmpl();
  if (seen.has(t)) {
    continue;
  }
  seen.add(t);
  let r;
  try {
    r = { template: t, expected: env.renderString(t, vars) };
  } catch (e) {
    r = { template: t, error: true };
  }
  out.push(r);
}
const file = path.join(__dirname, '..', '..', 'toolkit-api', 'src', 'test', 'resources', 'template',
  'nunjucks-random-fixtures.json');
fs.writeFileSync(file, JSON.stringify({ seed: Number(process.argv[2] || 20261121), vars, cases: out }, null, 1) + '\n');
console.log(out.length + ' random cases (' + out.filter((o) => o.error).length + ' errors)');
