#!/usr/bin/env node
// Renders every case below with nunjucks (autoescape off, as promptfoo configures it) and writes the
// outputs our Java engine must reproduce exactly. Run: npm ci && node generate.js
'use strict';

const fs = require('fs');
const path = require('path');
const nunjucks = require('nunjucks');

const OUT_DIR = path.join(__dirname, '..', '..', 'toolkit-api', 'src', 'test', 'resources', 'template');

// The `env` global every case sees unless it brings its own.
const DEFAULT_ENV = { HOME_DIR: '/home/test', API_HOST: 'api.example.com', EMPTY: '', 'MY-VAR': 'dashed' };

// User filters a case may ask for by name; the Java test registers the same functions.
const USER_FILTERS = {
  slugify: (s) => String(s).toLowerCase().trim().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''),
  // overrides the built-in `upper` when a case asks for it
  upper: (s) => '<' + String(s).toUpperCase() + '>',
  wrap: (s, left, right) => (left === undefined ? '[' : left) + s + (right === undefined ? ']' : right),
  count: (s) => (s === undefined || s === null ? 0 : String(s).length),
};

function env(caseEnv, filters) {
  const e = new nunjucks.Environment(null, { autoescape: false });
  e.addFilter('load', (s) => JSON.parse(s));
  e.addGlobal('env', caseEnv || DEFAULT_ENV);
  for (const name of filters || []) {
    e.addFilter(name, USER_FILTERS[name]);
  }
  return e;
}

const cases = [];
function c(name, template, vars, extra) {
  cases.push(Object.assign({ name, template, vars: vars || {} }, extra || {}));
}

// ---------------------------------------------------------------- output and literals
c('text only', 'hello world');
c('empty template', '');
c('simple var', 'Hello {{ name }}!', { name: 'Ada' });
c('var no spaces', '{{name}}', { name: 'Ada' });
c('undefined var renders empty', '[{{ missing }}]');
c('null var renders empty', '[{{ n }}]', { n: null });
c('none literal renders empty', '[{{ none }}]');
c('null literal renders empty', '[{{ null }}]');
c('true false literals', '{{ true }} {{ false }}');
c('integer literal', '{{ 42 }}');
c('float literal', '{{ 3.14 }}');
c('float literal integral', '{{ 2.0 }}');
c('float literal trailing dot', '{{ 2. }}');
c('negative literal', '{{ -7 }}');
c('string literal single', "{{ 'single' }}");
c('string literal double', '{{ "double" }}');
c('string escapes', '{{ "a\\nb\\tc\\"d\\\\e" }}');
c('string unknown escape keeps char', "{{ 'it\\'s \\q' }}");
c('number var integer', '{{ n }}', { n: 10 });
c('number var float', '{{ n }}', { n: 0.1 });
c('number var large', '{{ n }}', { n: 1e21 });
c('number var small', '{{ n }}', { n: 1e-7 });
c('number var negative float', '{{ n }}', { n: -2.5 });
c('boolean var', '{{ b }}|{{ f }}', { b: true, f: false });
c('array var joins with commas', '{{ xs }}', { xs: [1, 'two', null, [3, 4], true] });
c('object var', '{{ o }}', { o: { a: 1 } });
c('empty array var', '[{{ xs }}]', { xs: [] });
c('unicode var', '{{ s }}', { s: 'héllo wörld 你好 🎉' });
c('text with braces', 'a { b } c {x} } {');
c('lone percent and hash', '100% # sure');
c('list literal', '{{ [1, 2, "x"] }}');
c('dict literal dumped', '{{ {a: 1, "b": "two", c: [1]} | dump }}');
c('empty dict literal', '{{ {} | dump }}');
c('nested list literal dumped', '{{ [[1, 2], [], {k: none}] | dump }}');
c('trailing comma in list', '{{ [1, 2,] | dump }}');
c('group parens', '{{ (1 + 2) * 3 }}');
c('symbol with dollar', '{{ a$b }}', { a$b: 'dollar' });

// ---------------------------------------------------------------- member access
c('dot access', '{{ user.name }}', { user: { name: 'Ada' } });
c('nested dot access', '{{ a.b.c.d }}', { a: { b: { c: { d: 'deep' } } } });
c('bracket string access', "{{ user['name'] }}", { user: { name: 'Ada' } });
c('bracket double-quoted access', '{{ user["first name"] }}', { user: { 'first name': 'Ada' } });
c('index access', '{{ xs[0] }}-{{ xs[2] }}', { xs: ['a', 'b', 'c'] });
c('index out of range empty', '[{{ xs[5] }}]', { xs: ['a'] });
c('negative index empty', '[{{ xs[-1] }}]', { xs: ['a'] });
c('index by variable', '{{ xs[i] }}', { xs: ['a', 'b'], i: 1 });
c('key by variable', '{{ o[k] }}', { o: { x: 'X' }, k: 'x' });
c('member of undefined is empty', '[{{ missing.a.b }}]');
c('member of null is empty', '[{{ n.a }}]', { n: null });
c('missing key empty', '[{{ o.nope }}]', { o: {} });
c('array length', '{{ xs.length }}', { xs: [1, 2, 3] });
c('string length', '{{ s.length }}', { s: 'hello' });
c('string index', '{{ s[1] }}', { s: 'hello' });
c('object numeric key', '{{ o[1] }}', { o: { 1: 'one' } });
c('mixed access', '{{ data.items[1].name }}', { data: { items: [{ name: 'a' }, { name: 'b' }] } });
c('access on number empty', '[{{ n.x }}]', { n: 5 });
c('null value in object', '[{{ o.v }}]', { o: { v: null } });
c('vars namespace is not special', '[{{ vars.x }}]', { x: 1 });

// ---------------------------------------------------------------- arithmetic and operators
c('addition', '{{ 1 + 2 }}');
c('subtraction', '{{ 5 - 8 }}');
c('multiplication', '{{ 4 * 2.5 }}');
c('division', '{{ 7 / 2 }}');
c('division by zero', '{{ 1 / 0 }}');
c('floor division', '{{ 7 // 2 }}');
c('negative floor division', '{{ -7 // 2 }}');
c('modulo', '{{ 7 % 3 }}');
c('power', '{{ 2 ** 10 }}');
c('power left assoc', '{{ 2 ** 3 ** 2 }}');
c('precedence', '{{ 1 + 2 * 3 - 4 / 2 }}');
c('float arithmetic', '{{ 0.1 + 0.2 }}');
c('string plus string', '{{ "a" + "b" }}');
c('string plus number', '{{ "a" + 1 }}');
c('number plus string var', '{{ n + s }}', { n: 1, s: '2' });
c('string minus number', '{{ "5" - 2 }}');
c('string times number', '{{ "3" * "4" }}');
c('nan arithmetic', '{{ "x" * 2 }}');
c('undefined plus number is NaN', '{{ missing + 1 }}');
c('null plus number', '{{ n + 1 }}', { n: null });
c('bool plus number', '{{ true + 1 }}');
c('array plus string', '{{ xs + "!" }}', { xs: [1, 2] });
c('unary plus string', '{{ +"3" + 1 }}');
c('unary minus var', '{{ -n }}', { n: 4 });
c('tilde concat', '{{ "a" ~ 1 ~ true }}');
c('tilde concat undefined', '{{ missing ~ "x" }}');
c('tilde concat null', '{{ n ~ "x" }}', { n: null });
c('tilde concat numbers', '{{ 1 ~ 2 }}');
c('add then sub quirk', '{{ "a" + 1 - 1 }}');
c('large product', '{{ 99999999 * 99999999 }}');

// ---------------------------------------------------------------- comparisons and logic
c('equals loose', '{{ 1 == "1" }}');
c('equals strict', '{{ 1 === "1" }}');
c('not equals', '{{ 1 != 2 }} {{ 1 !== 1 }}');
c('less and greater', '{{ 1 < 2 }} {{ 2 > 3 }} {{ 2 <= 2 }} {{ 3 >= 4 }}');
c('string comparison', '{{ "apple" < "banana" }} {{ "Z" < "a" }}');
c('chained comparison js style', '{{ 3 > 2 > 1 }}');
c('null equals undefined', '{{ n == missing }} {{ n === missing }}', { n: null });
c('and returns operand', '[{{ "a" and "b" }}] [{{ "" and "b" }}]');
c('or returns operand', '[{{ "" or "fallback" }}] [{{ "x" or "y" }}]');
c('or with undefined', '{{ missing or "default" }}');
c('not operator', '{{ not true }} {{ not "" }} {{ not 0 }}');
c('not binds loosely', '{{ not 1 == 2 }}');
c('in list', '{{ 2 in [1, 2, 3] }} {{ 5 in [1, 2] }}');
c('in string', '{{ "ell" in "hello" }}');
c('in object', '{{ "a" in {a: 1} }} {{ "b" in obj }}', { obj: { a: 1 } });
c('not in', '{{ 5 not in [1, 2] }} {{ 1 not in [1] }}');
c('in with wrong type errors', '{{ "a" in 5 }}');
c('in undefined errors', '{{ "a" in missing }}');
c('in strict equality', '{{ "1" in [1, 2] }}');
c('inline if', '{{ "yes" if flag else "no" }}', { flag: true });
c('inline if false', '{{ "yes" if flag else "no" }}', { flag: false });
c('inline if without else', '[{{ "yes" if flag }}]', { flag: 0 });
c('nested inline if', '{{ "a" if x == 1 else "b" if x == 2 else "c" }}', { x: 2 });
c('and or precedence', '{{ false and false or true }}');

// ---------------------------------------------------------------- truthiness in if
c('if true', '{% if x %}yes{% endif %}', { x: 1 });
c('if empty string false', '{% if x %}yes{% else %}no{% endif %}', { x: '' });
c('if zero false', '{% if x %}yes{% else %}no{% endif %}', { x: 0 });
c('if empty list true', '{% if x %}yes{% else %}no{% endif %}', { x: [] });
c('if empty object true', '{% if x %}yes{% else %}no{% endif %}', { x: {} });
c('if null false', '{% if x %}yes{% else %}no{% endif %}', { x: null });
c('if undefined false', '{% if x %}yes{% else %}no{% endif %}');
c('if string zero true', '{% if x %}yes{% else %}no{% endif %}', { x: '0' });
c('if false string true', '{% if x %}yes{% else %}no{% endif %}', { x: 'false' });
c('if elif else', '{% if x == 1 %}one{% elif x == 2 %}two{% elif x == 3 %}three{% else %}many{% endif %}', { x: 3 });
c('if elif else falls to else', '{% if x == 1 %}one{% elif x == 2 %}two{% else %}many{% endif %}', { x: 9 });
c('elseif alias', '{% if x %}a{% elseif y %}b{% endif %}', { y: 1 });
c('nested if', '{% if a %}{% if b %}ab{% else %}a{% endif %}{% endif %}', { a: 1, b: 0 });
c('if with and or not', '{% if a and not b or c %}ok{% endif %}', { a: 1, b: 0, c: 0 });
c('if with safe empty string is object', '{% if x | safe %}yes{% else %}no{% endif %}', { x: '' });
c('if length of list', '{% if xs | length %}has{% else %}none{% endif %}', { xs: [] });

// ---------------------------------------------------------------- for loops
c('for over list', '{% for x in xs %}{{ x }},{% endfor %}', { xs: [1, 2, 3] });
c('for loop vars', '{% for x in xs %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.revindex }}/{{ loop.revindex0 }}/{{ loop.first }}/{{ loop.last }}/{{ loop.length }} {% endfor %}', { xs: ['a', 'b', 'c'] });
c('for else on empty', '{% for x in xs %}{{ x }}{% else %}empty{% endfor %}', { xs: [] });
c('for else on undefined', '{% for x in missing %}{{ x }}{% else %}nothing{% endfor %}');
c('for over object single name iterates nothing', '{% for x in o %}{{ x }}{% else %}none{% endfor %}', { o: { a: 1 } });
c('for key value over object', '{% for k, v in o %}{{ k }}={{ v }};{% endfor %}', { o: { a: 1, b: 'two', c: null } });
c('for key value loop index', '{% for k, v in o %}{{ loop.index }}{{ k }}{{ loop.last }} {% endfor %}', { o: { x: 1, y: 2 } });
c('for pairs unpacking', '{% for a, b in pairs %}{{ a }}-{{ b }} {% endfor %}', { pairs: [[1, 'one'], [2, 'two']] });
c('for three names unpacking', '{% for a, b, c in rows %}{{ a }}{{ b }}{{ c }};{% endfor %}', { rows: [[1, 2, 3], [4, 5, 6]] });
c('for over string chars', '{% for ch in "abc" %}[{{ ch }}]{% endfor %}');
c('for over range', '{% for i in range(3) %}{{ i }}{% endfor %}');
c('range start stop step', '{% for i in range(2, 11, 3) %}{{ i }} {% endfor %}');
c('range negative step', '{% for i in range(5, 0, -2) %}{{ i }} {% endfor %}');
c('range dumped', '{{ range(4) | dump }}');
c('nested for loops', '{% for row in rows %}{% for c in row %}{{ loop.index }}{{ c }}{% endfor %}|{% endfor %}', { rows: [['a', 'b'], ['c']] });
c('outer var visible in loop', '{% for x in xs %}{{ prefix }}{{ x }} {% endfor %}', { xs: [1, 2], prefix: '#' });
c('loop var does not leak', '{% for x in xs %}{% endfor %}[{{ x }}]', { xs: [1, 2] });
c('for over list of objects', '{% for u in users %}{{ u.name }}({{ u.age }}){% if not loop.last %}, {% endif %}{% endfor %}', { users: [{ name: 'a', age: 1 }, { name: 'b', age: 2 }] });
c('for with filter on iterable', '{% for x in xs | reverse %}{{ x }}{% endfor %}', { xs: [1, 2, 3] });
c('for over literal list', '{% for x in [1, "b", none] %}[{{ x }}]{% endfor %}');
c('loop dumped', '{% for x in [1] %}{{ loop | dump }}{% endfor %}');
c('for over nested list pairs in object values', '{% for k, v in o %}{{ k }}:{{ v | join("+") }} {% endfor %}', { o: { a: [1, 2], b: [] } });
c('for over null', '{% for x in n %}x{% else %}null-else{% endfor %}', { n: null });
c('for variable shadowing outer', '{% set x = "outer" %}{% for x in [1,2] %}{{ x }}{% endfor %}{{ x }}');

// ---------------------------------------------------------------- set
c('set simple', '{% set x = 5 %}{{ x * 2 }}');
c('set string', '{% set greeting = "Hi " ~ name %}{{ greeting }}', { name: 'Bo' });
c('set overrides var', '{% set name = "new" %}{{ name }}', { name: 'old' });
c('set multiple targets', '{% set a, b = 3 %}{{ a }}{{ b }}');
c('set inside loop updates outer', '{% set total = 0 %}{% for x in xs %}{% set total = total + x %}{% endfor %}{{ total }}', { xs: [1, 2, 3] });
c('set inside loop without outer stays local', '{% for x in xs %}{% set y = x %}{% endfor %}[{{ y }}]', { xs: [1, 2] });
c('set inside if is visible', '{% if true %}{% set z = "in" %}{% endif %}{{ z }}');
c('set block capture', '{% set block %}Hello {{ name }}!{% endset %}[{{ block }}]', { name: 'X' });
c('set block with filter', '{% set s %}  padded  {% endset %}[{{ s | trim }}]');
c('set object literal and dump', '{% set payload = {model: model, messages: [{role: "user", content: prompt}]} %}{{ payload | dump }}', { model: 'gpt', prompt: 'Hi "there"' });
c('set list and index', '{% set xs = ["a", "b"] %}{{ xs[1] }}');

// ---------------------------------------------------------------- comments, raw, whitespace control
c('comment removed', 'a{# comment #}b');
c('multiline comment', 'a{# line1\nline2 #}b');
c('comment with tags inside', 'a{# {{ x }} {% if %} #}b');
c('raw block', '{% raw %}{{ not rendered }} {% if %}{% endraw %}');
c('raw with whitespace', 'x {% raw %} {{ a }} {% endraw %} y');
c('nested raw', '{% raw %}a{% raw %}b{% endraw %}c{% endraw %}');
c('whitespace control block', 'a  \n  {%- if true -%}  \n  b  \n  {%- endif -%}  \n  c');
c('whitespace control variable', 'a   {{- x -}}   b', { x: 'X' });
c('whitespace control left only', 'a   {{- x }}   b', { x: 'X' });
c('whitespace control right only', 'a   {{ x -}}   b', { x: 'X' });
c('whitespace control comment', 'a   {#- c -#}   b');
c('whitespace control comment left only', 'a   {#- c #}   b');
c('whitespace control in loop', '{% for x in xs -%}\n  {{ x }}\n{%- endfor %}', { xs: [1, 2, 3] });
c('whitespace control json template', '{\n  {%- for k, v in o %}\n  "{{ k }}": {{ v | dump }}{% if not loop.last %},{% endif %}\n  {%- endfor %}\n}', { o: { a: 1, b: 'x' } });
c('no trim without dash', 'a\n{% if true %}\nb\n{% endif %}\nc');
c('whitespace control tabs and crlf', 'a\t\r\n {{- x -}} \r\n\tb', { x: '|' });
c('dash minus one is trim', '{{-1}}');
c('whitespace control set', 'x = \n{%- set y = 1 -%}\n {{ y }}');
c('whitespace control else', '{% if false %}a{% else -%}   b   {%- endif %}');
c('newlines preserved', 'line1\n{{ x }}\nline3\n', { x: 'line2' });

// ---------------------------------------------------------------- filters: dump and JSON templates
c('dump string', '{{ s | dump }}', { s: 'he said "hi"\nnew line\ttab \\ slash' });
c('dump number', '{{ n | dump }}', { n: 1.5 });
c('dump integer float', '{{ n | dump }}', { n: 3 });
c('dump bool null', '{{ b | dump }} {{ n | dump }}', { b: false, n: null });
c('dump undefined is empty', '[{{ missing | dump }}]');
c('dump object', '{{ o | dump }}', { o: { a: [1, { b: null }], 'c d': 'é' } });
c('dump indent 2', '{{ o | dump(2) }}', { o: { a: [1, 2], b: { c: 'x' }, e: [], f: {} } });
c('dump indent 4', '{{ o | dump(4) }}', { o: { a: 1 } });
c('dump indent string', '{{ o | dump("\\t") }}', { o: { a: [1] } });
c('dump indent over ten', '{{ o | dump(20) }}', { o: { a: 1 } });
c('dump unicode and control chars', '{{ s | dump }}', { s: 'ü 😀 \u0001 \u001f \u2028 </script>' });
c('dump list with undefined member', '{{ [1, missing, 3] | dump }}');
c('dump object with undefined value', '{{ {a: missing, b: 1} | dump }}');
c('dump safe string quirk', '{{ "x" | safe | dump }}');
c('json message template', '{"prompt": {{ prompt | dump }}, "model": {{ model | dump }}}', { prompt: 'Tell me a "joke"\nabout\tcats ☃', model: 'gpt-4o' });
c('json message template missing model', '{"prompt": {{ prompt | dump }}, "model": {{ model | dump }}}', { prompt: 'hi' });
c('json input template', '{"input": {{prompt | dump}}}', { prompt: 'What is 2+2?' });
c('json template without dump no escaping', '{"prompt": "{{ prompt }}"}', { prompt: 'say "hi"' });
c('json nested vars dumped', '{"type": "message", "data": {{ data | dump }}, "meta": {"id": {{ id }}}}', { data: { text: 'x', tags: ['a', 'b'] }, id: 7 });
c('json template with loop of messages', '{"messages": [{% for m in messages %}{"role": {{ m.role | dump }}, "content": {{ m.content | dump }}}{% if not loop.last %}, {% endif %}{% endfor %}]}', { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi\n"there"' }] });
c('json template default model', '{"prompt": {{ prompt | dump }}, "model": {{ model | default("gpt-4o-mini") | dump }}}', { prompt: 'hi' });
c('dump of dumped string', '{{ o | dump | dump }}', { o: { a: 'b' } });
c('load parses json', '{{ (s | load).a.b }}', { s: '{"a": {"b": "deep"}}' });
c('load then dump', '{{ s | load | dump }}', { s: ' [1, 2.50, "x", null, true] ' });
c('load invalid errors', '{{ s | load }}', { s: '{nope' });
c('load number string', '{{ ("42" | load) + 1 }}');

// ---------------------------------------------------------------- default
c('default on undefined', '{{ missing | default("fallback") }}');
c('default on defined', '{{ x | default("fallback") }}', { x: 'value' });
c('default not on null', '[{{ n | default("fallback") }}]', { n: null });
c('default not on empty string', '[{{ s | default("fallback") }}]', { s: '' });
c('default boolean true on empty string', '{{ s | default("fallback", true) }}', { s: '' });
c('default boolean true on zero', '{{ z | default("fallback", true) }}', { z: 0 });
c('default boolean true on null', '{{ n | default("fallback", true) }}', { n: null });
c('default boolean true keeps truthy', '{{ s | default("fallback", true) }}', { s: 'set' });
c('d alias', '{{ missing | d("alias") }}');
c('default without argument', '[{{ missing | default }}]');
c('default of missing member', '{{ user.name | default("anon") }}', { user: {} });
c('default chained with upper', '{{ missing | default("x") | upper }}');
c('default with var fallback', '{{ a | default(b) }}', { b: 'B' });

// ---------------------------------------------------------------- string filters
c('upper lower', '{{ s | upper }} {{ s | lower }}', { s: 'MiXeD ß' });
c('upper of undefined empty', '[{{ missing | upper }}]');
c('lower of number errors', '{{ 5 | lower }}');
c('trim', '[{{ s | trim }}]', { s: ' \n\t padded \u00a0 ' });
c('trim of undefined errors', '{{ missing | trim }}');
c('capitalize', '{{ s | capitalize }}', { s: 'hELLO wORLD' });
c('title', '{{ s | title }}', { s: 'the quick  bROWN fox' });
c('replace all', '{{ s | replace("a", "o") }}', { s: 'banana' });
c('replace count', '{{ s | replace("a", "o", 2) }}', { s: 'banana' });
c('replace empty old', '{{ "abc" | replace("", "-") }}');
c('replace not found', '{{ "abc" | replace("z", "-") }}');
c('replace number old', '{{ "a1b1" | replace(1, "!") }}');
c('replace on number', '{{ 1231 | replace("1", "x") }}');
c('replace on undefined', '[{{ missing | replace("a", "b") }}]');
c('replace with special chars', '{{ s | replace("$", "$$") }}', { s: 'cost $5' });
c('truncate default', '{{ s | truncate }}', { s: 'short' });
c('truncate words', '{{ s | truncate(12) }}', { s: 'The quick brown fox jumps' });
c('truncate killwords', '{{ s | truncate(12, true) }}', { s: 'The quick brown fox jumps' });
c('truncate custom end', '{{ s | truncate(9, false, "!") }}', { s: 'The quick brown fox' });
c('truncate no space', '{{ s | truncate(3) }}', { s: 'abcdef' });
c('truncate kwargs quirk', '{{ s | truncate(9, end="!") }}', { s: 'The quick brown fox' });
c('center', '[{{ "ab" | center(7) }}]');
c('center even', '[{{ "ab" | center(6) }}]');
c('center wider string', '[{{ "abcdef" | center(3) }}]');
c('indent default', '{{ s | indent }}', { s: 'a\nb\nc' });
c('indent width and first', '{{ s | indent(2, true) }}', { s: 'a\nb' });
c('indent empty', '[{{ "" | indent }}]');
c('striptags', '[{{ s | striptags }}]', { s: '  <p>Hello <b>world</b></p>\n\n<!-- c -->  x  ' });
c('striptags preserve linebreaks', '[{{ s | striptags(true) }}]', { s: '<p>a  b</p>\n\n\n\n<p> c </p>' });
c('nl2br', '{{ s | nl2br }}', { s: 'a\nb\r\nc' });
c('wordcount', '{{ s | wordcount }}', { s: 'one two, three-four' });
c('wordcount empty', '[{{ "" | wordcount }}]');
c('escape explicit', '{{ s | escape }}', { s: '<a href="x">\'&\\</a>' });
c('e alias', '{{ "<b>" | e }}');
c('escape twice is once', '{{ "<b>" | escape | escape }}');
c('safe leaves text', '{{ s | safe }}', { s: '<b>bold</b>' });
c('safe of undefined', '[{{ missing | safe }}]');
c('urlencode string', '{{ s | urlencode }}', { s: "a b&c=d/é?!'()*~" });
c('urlencode object', '{{ o | urlencode }}', { o: { q: 'a b', lang: 'é', n: 1 } });
c('urlencode pairs', '{{ pairs | urlencode }}', { pairs: [['a', 1], ['b c', 'd&e']] });
c('urlencode undefined', '[{{ missing | urlencode }}]');
c('string filter number', '{{ (5 | string) ~ "x" }}');
c('string filter list', '{{ xs | string }}', { xs: [1, 2] });
c('string filter undefined errors', '{{ missing | string }}');
c('reverse string', '{{ "abc" | reverse }}');

// ---------------------------------------------------------------- list filters
c('join', '{{ xs | join(", ") }}', { xs: ['a', 'b', 'c'] });
c('join default separator', '{{ xs | join }}', { xs: [1, 2, 3] });
c('join with attribute', '{{ users | join(", ", "name") }}', { users: [{ name: 'a' }, { name: 'b' }] });
c('join with nulls', '{{ xs | join("-") }}', { xs: [1, null, 'x'] });
c('join undefined errors', '{{ missing | join(",") }}');
c('length of list', '{{ xs | length }}', { xs: [1, 2, 3] });
c('length of string', '{{ s | length }}', { s: 'héllo' });
c('length of object', '{{ o | length }}', { o: { a: 1, b: 2 } });
c('length of undefined', '{{ missing | length }}');
c('length of null', '{{ n | length }}', { n: null });
c('length of number quirk', '[{{ 5 | length }}]');
c('length of emoji string', '{{ "😀" | length }}');
c('first last', '{{ xs | first }} {{ xs | last }}', { xs: [1, 2, 3] });
c('first last of string', '{{ s | first }}{{ s | last }}', { s: 'xyz' });
c('first of empty', '[{{ xs | first }}]', { xs: [] });
c('first of undefined errors', '{{ missing | first }}');
c('reverse list', '{{ xs | reverse | join(",") }}', { xs: [1, 2, 3] });
c('reverse does not mutate', '{{ xs | reverse | join }}{{ xs | join }}', { xs: [1, 2] });
c('sort numbers', '{{ xs | sort | join(",") }}', { xs: [3, 1, 10, 2] });
c('sort strings case insensitive', '{{ xs | sort | join(",") }}', { xs: ['b', 'A', 'c', 'B'] });
c('sort case sensitive', '{{ xs | sort(false, true) | join(",") }}', { xs: ['b', 'A', 'c', 'B'] });
c('sort reverse', '{{ xs | sort(true) | join(",") }}', { xs: [3, 1, 2] });
c('sort by attribute', '{{ users | sort(false, false, "age") | join(",", "name") }}', { users: [{ name: 'a', age: 30 }, { name: 'b', age: 20 }, { name: 'c', age: 25 }] });
c('sort by attribute kwarg', '{{ users | sort(attribute="name") | join(",", "name") }}', { users: [{ name: 'b' }, { name: 'a' }] });
c('sort by nested attribute', '{{ xs | sort(false, false, "a.b") | dump }}', { xs: [{ a: { b: 2 } }, { a: { b: 1 } }] });
c('sum', '{{ xs | sum }}', { xs: [1, 2, 3.5] });
c('sum attribute and start', '{{ items | sum("price", 10) }}', { items: [{ price: 1 }, { price: 2 }] });
c('sum of strings concatenates', '{{ xs | sum }}', { xs: ['a', 'b'] });
c('batch', '{{ xs | batch(2) | dump }}', { xs: [1, 2, 3, 4, 5] });
c('batch with fill', '{{ xs | batch(3, "-") | dump }}', { xs: [1, 2, 3, 4] });
c('list of string', '{{ "abc" | list | dump }}');
c('list of object', '{{ o | list | dump }}', { o: { a: 1, b: 2 } });
c('list of list', '{{ [1, 2] | list | join }}');
c('list of number errors', '{{ 5 | list }}');
c('slice', '{{ xs | slice(2) | dump }}', { xs: [1, 2, 3, 4, 5] });
c('dictsort', '{% for k, v in o | dictsort %}{{ k }}{{ v }}{% endfor %}', { o: { b: 1, a: 2, C: 3 } });
c('selectattr rejectattr', '{{ xs | selectattr("on") | join(",", "n") }}|{{ xs | rejectattr("on") | join(",", "n") }}', { xs: [{ n: 1, on: true }, { n: 2, on: false }, { n: 3 }] });

// ---------------------------------------------------------------- number filters
c('round', '{{ 2.5 | round }} {{ 3.14159 | round(2) }} {{ -2.5 | round }}');
c('round floor ceil', '{{ 3.77 | round(1, "floor") }} {{ 3.71 | round(1, "ceil") }}');
c('round string', '{{ "2.6" | round }}');
c('int', '{{ "42.9" | int }} {{ 3.99 | int }} {{ "-7px" | int }}');
c('int default', '{{ "abc" | int(5) }}|{{ "abc" | int }}|');
c('int base', '{{ "ff" | int(0, 16) }}');
c('int of bool', '[{{ true | int }}]');
c('float', '{{ "3.5abc" | float }} {{ "1e3" | float }} {{ ".5" | float }}');
c('float default', '{{ "x" | float(1.5) }}');
c('abs', '{{ -3 | abs }} {{ "-2.5" | abs }} {{ n | abs }}', { n: -0 });
c('filter on negative literal', '{{ -3.7 | round }}');
c('number formatting after division', '{{ 10 / 3 }}');
c('number formatting large int', '{{ 2 ** 70 }}');
c('number formatting tiny', '{{ 1 / 3000000 }}');

// ---------------------------------------------------------------- tests (is)
c('is defined', '{{ x is defined }} {{ missing is defined }} {{ n is defined }}', { x: 1, n: null });
c('is undefined', '{{ missing is undefined }}');
c('is none', '{{ n is none }} {{ missing is none }}', { n: null });
c('is not', '{{ x is not defined }}', { x: 1 });
c('is number string', '{{ 1 is number }} {{ "a" is string }} {{ 1 is string }}');
c('is odd even divisibleby', '{{ 3 is odd }} {{ 4 is even }} {{ 9 is divisibleby(3) }}');
c('is equalto', '{{ 1 is equalto(1) }} {{ 1 is eq("1") }}');
c('is mapping iterable', '{{ o is mapping }} {{ xs is mapping }} {{ xs is iterable }}', { o: {}, xs: [] });
c('is in if', '{% if user is defined and user.name %}hi {{ user.name }}{% endif %}', { user: { name: 'u' } });

// ---------------------------------------------------------------- globals, functions, user filters
c('env global', '{{ env.HOME_DIR }}');
c('env global bracket', "{{ env['MY-VAR'] }}");
c('env missing', '[{{ env.NOPE }}]');
c('env default', '{{ env.NOPE | default("fallback") }}');
c('env custom', 'wss://{{ env.HOST }}/ws', {}, { env: { HOST: 'example.org:8443' } });
c('var shadows env global', '{{ env }}', { env: 'shadowed' });
c('url template', 'wss://example.com/sessions/{{ sessionId }}?user={{ user | urlencode }}', { sessionId: 'abc-123', user: 'a b@c' });
c('calling undefined function errors', '{{ nope() }}');
c('calling non function errors', '{{ x() }}', { x: 5 });
c('range in expression', '{{ range(1, 4) | join("-") }}');
c('joiner global', '{% set j = joiner("; ") %}{% for x in [1, 2, 3] %}{{ j() }}{{ x }}{% endfor %}');
c('cycler global', '{% set c = cycler("odd", "even") %}{% for x in [1, 2, 3] %}{{ c.next() }} {% endfor %}');
c('user filter', '{{ title | slugify }}', { title: ' Hello, World! ' }, { filters: ['slugify'] });
c('user filter overrides builtin', '{{ "abc" | upper }}', {}, { filters: ['upper'] });
c('user filter with args', '{{ "x" | wrap("(", ")") }}|{{ "y" | wrap }}', {}, { filters: ['wrap'] });
c('user filter receives undefined', '{{ missing | count }}', {}, { filters: ['count'] });
c('user filter chained with builtin', '{{ s | slugify | upper }}', { s: 'A b' }, { filters: ['slugify'] });
c('unknown filter errors', '{{ x | nosuchfilter }}', { x: 1 });
c('filter args nested expression', '{{ xs | join(sep ~ " ") }}', { xs: [1, 2], sep: ';' });
c('filter on group', '{{ ("a" ~ "b") | upper }}');
c('filter binds tighter than plus', '{{ "a" + "b" | upper }}');
c('filter chain with args', '{{ s | replace("-", " ") | title | trim }}', { s: ' foo-bar-baz ' });

// ---------------------------------------------------------------- syntax errors
c('unclosed variable', 'Hello {{ name');
c('unclosed if', '{% if x %}yes');
c('unclosed for', '{% for x in xs %}{{ x }}');
c('unknown tag', '{% frobnicate %}');
c('missing endif name', '{% if x %}a{% endfor %}');
c('empty expression', '{{ }}');
c('bad operator sequence', '{{ 1 + }}');
c('unclosed comment', 'a {# never closed');
c('stray comment end', 'a #} b');
c('unclosed string', '{{ "abc }}');
c('for without in', '{% for x xs %}{% endfor %}');
c('set without value', '{% set %}');
c('unclosed list', '{{ [1, 2 }}');
c('dict missing colon', '{{ {a 1} }}');
c('bad member lookup', '{{ a.1 }}');
c('else without if', '{% else %}');
c('endif without if', 'a{% endif %}b');
c('unclosed block tag', '{% if x');

// ---------------------------------------------------------------- promptfoo-style prompts
c('prompt with vars', 'You are a helpful assistant.\n\nQuestion: {{ question }}\nContext: {{ context | default("none") }}', { question: 'What is "RAG"?' });
c('prompt chat json', '[\n  {"role": "system", "content": {{ system | dump }}},\n  {"role": "user", "content": {{ question | dump }}}\n]', { system: 'Answer in French.', question: 'Où est la gare?\n' });
c('prompt conditional context', '{% if docs %}Use these documents:\n{% for d in docs %}- {{ d.title }}: {{ d.body | truncate(20) }}\n{% endfor %}{% endif %}Q: {{ q }}', { docs: [{ title: 'A', body: 'short' }, { title: 'B', body: 'a much longer body text that gets cut' }], q: 'why?' });
c('prompt conversation history', '{% for turn in _conversation %}User: {{ turn.input }}\nAssistant: {{ turn.output }}\n{% endfor %}User: {{ prompt }}', { _conversation: [{ input: 'hi', output: 'hello' }, { input: 'how?', output: 'fine' }], prompt: 'bye' });
c('prompt realtime style', '{"type": "conversation.item.create", "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": {{ prompt | dump }}}]}}', { prompt: 'Tell me about "quotes" and \\backslashes\\' });
c('prompt with object var dumped pretty', 'Config:\n{{ cfg | dump(2) }}', { cfg: { temperature: 0.7, max_tokens: 100, stop: ['\n'] } });
c('prompt numbers in text', 'Temperature {{ t }} and {{ n }} tokens, ratio {{ t / n }}', { t: 0.7, n: 256 });
c('prompt list vars', 'Topics: {{ topics | join(", ") }} ({{ topics | length }})', { topics: ['a', 'b'] });
c('prompt with session id url', '{{ url }}?session={{ sessionId | default("new") }}', { url: 'ws://localhost:4000/ws' });
c('prompt whitespace controlled list', 'Items:\n{%- for i in items %}\n* {{ i }}\n{%- endfor %}\nEnd', { items: ['x', 'y'] });

// ---------------------------------------------------------------- JavaScript methods on values
c('string method toUpperCase', '{{ name.toUpperCase() }}', { name: 'ada' });
c('string method split', '{{ s.split(",") | join("|") }}', { s: 'a,b,,c' });
c('string method split limit', '{{ s.split(",", 2) | dump }}', { s: 'a,b,c' });
c('string method replace first only', '{{ s.replace("a", "o") }}', { s: 'banana' });
c('string method includes startsWith endsWith', '{{ s.includes("an") }} {{ s.startsWith("ba") }} {{ s.endsWith("x") }}', { s: 'banana' });
c('string method slice substring', '{{ s.slice(1, -1) }} {{ s.slice(-3) }} {{ s.substring(3, 1) }}', { s: 'banana' });
c('string method indexOf', '{{ s.indexOf("n") }} {{ s.lastIndexOf("n") }} {{ s.indexOf("z") }}', { s: 'banana' });
c('string method trim and case', '[{{ s.trim().toLowerCase() }}]', { s: '  MiXed  ' });
c('string method padStart repeat', '{{ n.padStart(4, "0") }} {{ "ab".repeat(3) }} {{ "x".padEnd(3, "-") }}', { n: '7' });
c('string method charAt concat', '{{ s.charAt(1) }}{{ s.concat("!", 1) }}', { s: 'hey' });
c('array method join', '{{ xs.join(" + ") }}', { xs: [1, 2, 3] });
c('array method indexOf includes', '{{ xs.indexOf(2) }} {{ xs.includes(3) }} {{ xs.includes("3") }}', { xs: [1, 2, 3] });
c('array method slice concat', '{{ xs.slice(1) | dump }} {{ xs.concat([4], 5) | dump }}', { xs: [1, 2, 3] });
c('number method toFixed', '{{ n.toFixed(2) }} {{ m.toFixed(0) }} {{ (1 / 3).toFixed(3) }}', { n: 3.14159, m: 2.5 });
c('missing method call errors', '{{ s.nope() }}', { s: 'x' });

// ---------------------------------------------------------------- regex literals, filter blocks, odd syntax
c('replace with regex global', '{{ s | replace(r/\\d+/g, "#") }}', { s: 'a1b22c333' });
c('replace with regex first only', '{{ s | replace(r/\\d+/, "#") }}', { s: 'a1b22c333' });
c('replace with regex groups', '{{ s | replace(r/(\\w+)@(\\w+)/g, "$2 at $1") }}', { s: 'ann@home bob@work' });
c('replace with regex case insensitive', '{{ s | replace(r/HELLO/gi, "bye") }}', { s: 'hello Hello' });
c('filter block', '{% filter upper %}hello {{ name }}{% endfilter %}', { name: 'bo' });
c('filter block with args', '{% filter replace("a", "4") %}banana{% endfilter %}');
c('group comma operator', '{{ (1, 2) }}');
c('mismatched closing bracket accepted', '{{ [1, 2) | join("-") }}');
c('string containing closing braces', '{{ "}}" }} {{ \'{{\' }} {{ "%}" }}');
c('json object closing braces after expression', '{"a": {"b": {{ x | dump }}}}', { x: 'v' });
c('json closing brace right after expression', '{"a": {{ x }}}', { x: 1 });
c('symbol with exponent is a name', '[{{ 1e3 }}]');
c('keyword args to plain function', '{% set j = joiner(sep="x") %}{{ j() }}{{ j() }}');

// ---------------------------------------------------------------- operators compiled as JavaScript text
c('js precedence mul mod', '{{ 2 * 5 % 3 }}');
c('js precedence mul div rounding', '{{ 0.1 * 3 / 3 }}');
c('js precedence concat then add', '{{ "a" ~ 1 + 2 }}');
c('js precedence add then concat', '{{ 1 + 2 ~ "x" }}');
c('js precedence not binds to first operand', '{{ not x == "a" }}', { x: 'a' });
c('js precedence equality vs relational', '{{ 0 == 1 > 2 }}');
c('js precedence floor div of mod', '{{ 7 // 5 % 3 }}');
c('js precedence sub chain', '{{ 10 - 2 - 3 }}');
c('js precedence string minus chain', '{{ "5" - 2 + "1" }}');
c('comparisons of arrays by identity', '{{ [1] == [1] }} {{ xs == xs }}', { xs: [1] });
c('string vs number comparisons', '{{ "10" < "9" }} {{ 10 < "9" }} {{ "abc" < 5 }}');
c('loose equality quirks', '{{ none == false }} {{ 0 == "" }} {{ "1" == true }} {{ "" == [] }}');
c('strict inequality of number types', '{{ 1 === 1.0 }} {{ n === 2 }}', { n: 2 });
c('unary minus on string', '{{ -"3" + 1 }}');
c('pow with negative base', '{{ (-2) ** 3 }} {{ 2 ** -1 }}');
c('modulo negative', '{{ -7 % 3 }} {{ 7.5 % 2 }}');

// ---------------------------------------------------------------- more scoping, loops and whitespace
c('loop outside loop is empty', '[{{ loop.index }}]');
c('nested loop objects', '{% for a in [1, 2] %}{% for b in [3] %}{{ loop.index }}{% endfor %}{{ loop.index }}{% endfor %}');
c('set from loop index stays in loop', '{% for x in xs %}{% set count = loop.index %}{% endfor %}[{{ count }}]', { xs: [1, 2] });
c('set increments context var', '{% set x = x + 1 %}{{ x }}', { x: 41 });
c('for over dict literal', '{% for k, v in {b: 1, a: 2} %}{{ k }}{{ v }}{% endfor %}');
c('for two names over string', '{% for i, ch in "ab" %}{{ i }}={{ ch }};{% endfor %}');
c('cycler current', '{% set c = cycler(1, 2) %}{{ c.next() }}{{ c.next() }}{{ c.current }}{{ c.next() }}');
c('range output', '{{ range(3) }}');
c('set block dash does not trim inside', '{% set x -%}   a{% endset %}[{{ x }}]');
c('raw dash end trims after raw', '{% raw -%}  a  {% endraw %}  b');
c('trim of nbsp with dash', 'a\u00a0\u00a0{{- x }}', { x: 'b' });
c('whitespace control multiline prompt', 'System: {{ sys }}\n{%- if ctx %}\nContext: {{ ctx }}\n{%- endif %}\nUser: {{ q }}', { sys: 'S', ctx: '', q: 'Q' });
c('env empty is defined', '[{{ env.EMPTY | default("x") }}] [{{ env.EMPTY | default("x", true) }}]');
c('default none argument', '[{{ missing | default(none) }}]');
c('default of member of missing', '{{ missing.x | default("d") }}');
c('filter output chained upper', '{{ xs | join(", ") | upper }}', { xs: ['a', 'b'] });
c('replace with newline escape', '{{ "a,b" | replace(",", "\\n") }}');
c('first then filter', '{{ xs | first | upper }}', { xs: ['x', 'y'] });
c('int kwargs base', '{{ "12" | int(base=8) }}');
c('sort kwargs reverse', '{{ xs | sort(reverse=true) | join }}', { xs: [1, 3, 2] });
c('dump numbers from vars', '{{ xs | dump }}', { xs: [1.0, 2.5, 1e21, 1e-7, 123456789.125] });
c('title with hyphens', '{{ "jean-luc picard" | title }}');
c('length of safe string', '{{ "abc" | safe | length }}');
c('upper of safe string', '{{ "abc" | safe | upper }}');
c('escape then replace keeps safe', '{{ "<a>" | escape | replace("&lt;", "[") }}');
c('batch of string', '{{ "abcde" | batch(2) | dump }}');
c('sum with negative start', '{{ [1, 2] | sum(start=-10) }}');

// ---------------------------------------------------------------- more errors
c('missing filter name', '{{ x | }}');
c('for without names', '{% for %}{% endfor %}');
c('two expressions in output', '{{ a b }}');
c('if without condition', '{% if %}a{% endif %}');
c('concat without right side', '{{ "a" ~ }}');
c('endfor at top level', 'x{% endfor %}');
c('set with empty value', '{% set x = %}');
c('unclosed call', '{{ range(3 }}');
c('elif at top level', '{% elif x %}');
c('unknown test errors', '{{ x is frobbed }}', { x: 1 });
c('in none errors', '{{ 1 in none }}');
c('not without in', '{{ a not b }}');

// ---------------------------------------------------------------- filters on unusual inputs
c('reverse emoji string splits surrogates', '{{ "a😀b" | reverse | dump }}');
c('reverse of object is empty list', '[{{ o | reverse }}]', { o: { a: 1 } });
c('reverse of undefined', '[{{ missing | reverse }}]');
c('indent of number errors', '{{ 5 | indent }}');
c('center of number', '[{{ 5 | center(5) }}]');
c('nl2br of number errors', '{{ 5 | nl2br }}');
c('wordcount of number errors', '{{ 5 | wordcount }}');
c('truncate length as string', '{{ "hello world" | truncate("5") }}');
c('truncate of undefined', '[{{ missing | truncate(3) }}]');
c('striptags with comments and attributes', '{{ s | striptags }}', { s: '<a href="x" class=\'y\'>link</a> <!-- hidden --> <BR/>text' });
c('urlencode with null and bool values', '{{ o | urlencode }}', { o: { a: null, b: true, c: 1.5 } });
c('dictsort by value case sensitive', '{{ o | dictsort(true, "value") | dump }}', { o: { x: 'b', y: 'B', z: 'a' } });
c('dictsort of list errors', '{{ [1] | dictsort }}');
c('sort mixed numbers and strings', '{{ xs | sort | join(",") }}', { xs: [10, '9', 2, 'a', '1'] });
c('sort stable on ties', '{{ xs | sort(false, false, "k") | join(",", "n") }}', { xs: [{ k: 1, n: 'a' }, { k: 0, n: 'b' }, { k: 1, n: 'c' }, { k: 0, n: 'd' }] });
c('sort of undefined', '[{{ missing | sort }}]');
c('slice with fill', '{{ [1, 2, 3, 4] | slice(3, "x") | dump }}');
c('batch of undefined errors', '{{ missing | batch(2) }}');
c('sum of undefined errors', '{{ missing | sum }}');
c('join with attribute on undefined', '[{{ missing | join(",", "a") }}]');
c('first of object', '[{{ o | first }}]', { o: { 0: 'zero' } });
c('last of object', '[{{ o | last }}]', { o: { a: 1 } });
c('last of empty string', '[{{ "" | last }}]');
c('length of true', '[{{ true | length }}]');
c('length of false', '[{{ false | length }}]');
c('capitalize of undefined', '[{{ missing | capitalize }}]');
c('title of number errors', '{{ 5 | title }}');
c('abs of string and undefined', '{{ "-4" | abs }} {{ missing | abs }}');
c('round of undefined', '{{ missing | round }}');
c('round half cases', '{{ 0.5 | round }} {{ 1.5 | round }} {{ -0.5 | round }} {{ 1.005 | round(2) }}');
c('float of bool', '[{{ true | float }}]');
c('int hex string default base', '{{ "0x1A" | int }} {{ "0x1A" | int(0, 16) }}');
c('string of safe', '{{ "<b>" | safe | string }}');
c('escape of number', '{{ 5 | escape }}');
c('escape of list', '{{ ["<", ">"] | escape }}');
c('safe of number', '{{ 3.5 | safe }}');
c('list of safe string', '{{ "ab" | safe | list | dump }}');
c('dump of regex', '{{ r/ab/g | dump }}');
c('regex output', '{{ r/ab+c/gi }}');
c('replace with undefined replacement', '{{ "abc" | replace("b") }}');
c('replace count as string', '{{ "aaaa" | replace("a", "b", "2") }}');
c('replace on safe string keeps safe', '{{ "a<b" | safe | replace("<", "&") | escape }}');
c('default on false', '[{{ f | default("x") }}]', { f: false });
c('load of undefined errors', '{{ missing | load }}');
c('load of null', '[{{ n | load }}]', { n: null });
c('load of number', '{{ 5 | load }}');

// ---------------------------------------------------------------- tests on unusual inputs
c('is lower upper', '{{ "abc" is lower }} {{ "aBc" is lower }} {{ "ABC" is upper }}');
c('is lower of number errors', '{{ 5 is lower }}');
c('is callable escaped', '{{ range is callable }} {{ x is callable }} {{ ("a" | safe) is escaped }} {{ "a" is escaped }}', { x: 1 });
c('is iterable string object', '{{ "a" is iterable }} {{ o is iterable }}', { o: {} });
c('is odd negative', '{{ -3 is odd }} {{ -3 is even }} {{ 3.5 is odd }}');
c('is comparisons', '{{ 3 is ge(3) }} {{ 3 is gt(3) }} {{ 2 is lt(3) }} {{ 3 is le(2) }} {{ 1 is ne(2) }}');
c('is sameas truthy falsy', '{{ x is sameas(x) }} {{ 0 is falsy }} {{ "0" is truthy }}', { x: [1] });
c('is string of safe string', '{{ ("a" | safe) is string }} {{ ("a" | safe) is mapping }}');
c('is defined on member', '{{ o.a is defined }} {{ o.b is defined }}', { o: { a: null } });
c('is not none', '{{ x is not none }}', { x: 0 });

// ---------------------------------------------------------------- output of odd values
c('output nested arrays with objects', '{{ xs }}', { xs: [[1, [2, null]], { a: 1 }, 'x'] });
c('output negative zero', '{{ -0 }} {{ 0 * -1 }}');
c('output infinity and nan', '{{ 1 / 0 }} {{ -1 / 0 }} {{ 0 / 0 }}');
c('output exponent boundaries', '{{ 1e20 }}', {});
c('output numbers from vars boundaries', '{{ a }} {{ b }} {{ c }} {{ d }}', { a: 1e20, b: 123456789012345680000, c: 0.000001, d: 1.5e-7 });
c('output big integer arithmetic', '{{ n + 1 }}', { n: 9007199254740992 });
c('concat list and string', '{{ [1, 2] ~ [3] }}');
c('add object and string', '{{ {} + "" }}');
c('add bool and bool', '{{ true + true }}');
c('add null and null', '{{ none + none }}');
c('subtract undefined', '{{ missing - 1 }}');

// ---------------------------------------------------------------- select, reject, groupby
c('select default truthy', '{{ [0, 1, "", "a", none, [], {}] | select | dump }}');
c('select with test', '{{ [1, 2, 3, 4, 5, 6] | select("odd") | join(",") }}');
c('select with test argument', '{{ [3, 4, 6, 9] | select("divisibleby", 3) | join(",") }}');
c('reject with test', '{{ [1, 2, 3, 4] | reject("even") | join(",") }}');
c('reject default', '{{ [0, 1, ""] | reject | dump }}');
c('select of string', '{{ "a b" | select("truthy") | join("|") }}');
c('select unknown test errors', '{{ [1] | select("nope") }}');
c('groupby attribute', '{% for k, items in users | groupby("role") %}{{ k }}: {{ items | join(", ", "name") }}; {% endfor %}', { users: [{ name: 'a', role: 'admin' }, { name: 'b', role: 'user' }, { name: 'c', role: 'admin' }] });
c('groupby numeric keys first', '{{ xs | groupby("n") | dump }}', { xs: [{ n: 'b' }, { n: 2 }, { n: 'a' }, { n: 1 }] });
c('groupby missing attribute', '{{ xs | groupby("nope") | dump }}', { xs: [{ a: 1 }] });
c('groupby nested attribute', '{{ xs | groupby("a.b") | dump }}', { xs: [{ a: { b: 'x' } }, { a: { b: 'y' } }, { a: { b: 'x' } }] });
c('range too large in loop stays fine', '{% for i in range(0, 3, 0) %}{{ i }}{% endfor %}');

// ---------------------------------------------------------------- scoping details and more real-world templates
c('set in loop with context var stays local', '{% for x in xs %}{% set total = total + x %}{% endfor %}{{ total }}', { xs: [1, 2], total: 10 });
c('set loop variable inside loop', '{% for x in xs %}{% set x = x * 2 %}{{ x }},{% endfor %}', { xs: [1, 2] });
c('set undefined then default', '{% set x = missing %}{{ x | default("d") }}');
c('set undefined falls back to context', '{% set x = missing %}{{ x }}', { x: 'ctx' });
c('unclosed raw renders rest', '{% raw %}abc {{ 1 + 1 }}');
c('if set in both branches', '{% if flag %}{% set y = 1 %}{% else %}{% set y = 2 %}{% endif %}{{ y }}', { flag: false });
c('realtime session update', '{"type": "session.update", "session": {"instructions": {{ instructions | dump }}, "voice": {{ voice | default("alloy") | dump }}, "tools": {{ tools | dump }}, "temperature": {{ temperature | default(0.8) }}}}', { instructions: 'Be "nice".\nAlways.', tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} } }] });
c('messages array from conversation', '[{% for turn in _conversation %}{"role": "user", "content": {{ turn.input | dump }}}, {"role": "assistant", "content": {{ turn.output | dump }}}, {% endfor %}{"role": "user", "content": {{ prompt | dump }}}]', { _conversation: [{ input: 'hi', output: 'hello "you"' }], prompt: 'next' });
c('dump then safe', '{{ prompt | dump | safe }}', { prompt: 'a<b>"c"' });
c('length comparison in if', '{% if prompt | length > 10 %}long{% else %}short{% endif %}', { prompt: 'tiny' });
c('filter inside comparison operand', '{{ xs | length == 2 and xs | first == "a" }}', { xs: ['a', 'b'] });
c('object var nested dump pretty with unicode', '{{ o | dump(2) }}', { o: { 'ключ': 'значение', emoji: '🚀', nested: { list: [1, { deep: true }] } } });
c('yaml-ish prompt with loop and whitespace control', 'Rules:\n{% for r in rules -%}\n  {{ loop.index }}. {{ r }}\n{% endfor -%}\nEnd.', { rules: ['be brief', 'be kind'] });
c('url with env and encoded query', '{{ env.API_HOST }}/v1?q={{ q | urlencode }}&lang={{ lang | default("en") }}', { q: 'é & ü' });
c('header style template', 'Bearer {{ env.TOKEN }}', {}, { env: { TOKEN: 'abc.def' } });
c('message template with number vars', '{"id": {{ id }}, "score": {{ score }}, "ratio": {{ a / b }}}', { id: 12, score: 0.95, a: 1, b: 3 });
c('conditional json field', '{"q": {{ q | dump }}{% if lang %}, "lang": {{ lang | dump }}{% endif %}}', { q: 'x' });
c('string with template-looking text in var', '{{ s }}', { s: '{{ not rendered }} {% if %}' });

// ---------------------------------------------------------------- JavaScript property order
c('for over dict literal with integer-like keys', '{% for k, v in {b: 1, "2": "x", a: 2, "1": "y", "01": "z"} %}{{ k }}={{ v }};{% endfor %}');
c('dump of dict literal with integer-like keys', '{{ {b: 1, "10": "x", "9": "y"} | dump }}');
c('load then dump keeps javascript key order', '{{ s | load | dump }}', { s: '{"b": 1, "2": 2, "a": 3, "1": 4}' });
c('list and urlencode of integer-like keys', '{{ {z: 1, "3": 2} | list | dump }} {{ {z: 1, "3": 2} | urlencode }}');
c('index object by number literal', '{{ {"1": "one"}[1] }}');

c('filter block with expression argument', '{% filter replace("a", 1 + 2) %}banana{% endfilter %}');
c('filter block nested tags', '{% filter upper %}{% for x in xs %}{{ x }}{% endfor %}{% endfilter %}', { xs: ['a', 'b'] });
c('filter arguments with operators', '{{ xs | join(sep ~ "-" ~ n * 2) }}', { xs: [1, 2], sep: ',', n: 2 });
c('call arguments with operators', '{{ range(1 + 1, 2 * 3) | join }}');

// ---------------------------------------------------------------- macros
c('macro basic', '{% macro greet(name) %}Hello {{ name }}!{% endmacro %}{{ greet("Bo") }} {{ greet(user) }}', { user: 'Al' });
c('macro defaults and keywords', '{% macro field(name, value="", type="text") %}<input name="{{ name }}" value="{{ value }}" type="{{ type }}">{% endmacro %}{{ field("a") }}|{{ field("b", "v") }}|{{ field("c", type="pw") }}|{{ field(name="d") }}');
c('macro sees context and top-level sets but not loop vars', '{% set top = "T" %}{% macro m() %}{{ top }}-{{ ctxv }}-{{ x }}{% endmacro %}{% for x in [1] %}{{ m() }}{% endfor %}', { ctxv: 'C' });
c('macro result is a safe string', '{% macro m() %}x{% endmacro %}{{ m() | dump }} {{ m() | upper }}');
c('macro recursion', '{% macro count(n) %}{{ n }}{% if n > 0 %},{{ count(n - 1) }}{% endif %}{% endmacro %}{{ count(3) }}');
c('macro extra positional fills keyword params', '{% macro m(a, b=5, c=6) %}{{ a }}{{ b }}{{ c }}{% endmacro %}{{ m(1, 2) }} {{ m(1, 2, 3, 4) }}');
c('macro default uses earlier argument', '{% macro m(a, b=a * 2) %}{{ b }}{% endmacro %}{{ m(4) }} {{ m(4, b=1) }}');
c('macro called before definition errors', '{{ m() }}{% macro m() %}x{% endmacro %}');
c('macro set does not leak', '{% macro m() %}{% set y = 1 %}{{ y }}{% endmacro %}{{ m() }}[{{ y }}]');
c('macro missing argument falls back to context', '{% macro m(name) %}[{{ name }}]{% endmacro %}{{ m() }}', { name: 'ctx' });
c('macro without parentheses errors', '{% macro m %}x{% endmacro %}');
c('macro defined in loop', '{% for x in [1, 2] %}{% macro twice(v) %}{{ v * 2 }}{% endmacro %}{{ twice(x) }}{% endfor %}');
c('macro whitespace control', '{%- macro item(t) -%}\n  <li>{{ t }}</li>\n{%- endmacro -%}\n<ul>\n{%- for t in ts %}\n  {{ item(t) }}\n{%- endfor %}\n</ul>', { ts: ['a', 'b'] });
c('macro used for json fragments', '{% macro msg(role, content) %}{"role": {{ role | dump }}, "content": {{ content | dump }}}{% endmacro %}[{{ msg("system", sys) }}, {{ msg("user", prompt) }}]', { sys: 'Be brief', prompt: 'Hi "x"' });
c('macro unknown keyword ignored', '{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, z=2) }}');
c('macro output escaped explicitly', '{% macro m() %}<b>{% endmacro %}{{ m() | escape }} {{ m() | forceescape }}');
c('loop variable bound to undefined hides context', '{% for x in [missing] %}[{{ x }}]{% endfor %}', { x: 'ctx' });

// ---------------------------------------------------------------- switch
c('switch matches case', '{% switch x %}{% case "a" %}A{% case "b" %}B{% default %}other{% endswitch %}', { x: 'b' });
c('switch default', '{% switch x %}{% case "a" %}A{% default %}other{% endswitch %}', { x: 'z' });
c('switch without default', '[{% switch x %}{% case 1 %}one{% endswitch %}]', { x: 2 });
c('switch strict equality', '{% switch x %}{% case 1 %}number{% case "1" %}string{% endswitch %}', { x: '1' });
c('switch empty case falls through', '{% switch x %}{% case "a" %}{% case "b" %}A or B{% case "c" %}C{% endswitch %}', { x: 'a' });
c('switch last empty case falls into default', '{% switch x %}{% case "a" %}A{% case "b" %}{% default %}D{% endswitch %}', { x: 'b' });
c('switch text before first case dropped', '{% switch x %}dropped{% case 1 %}one{% endswitch %}', { x: 1 });
c('switch case expressions', '{% switch n % 3 %}{% case 0 %}fizz{% case 1 + 0 %}one{% default %}two{% endswitch %}', { n: 4 });
c('switch unclosed errors', '{% switch x %}{% case 1 %}one');

c('verbatim block', '{% verbatim %}{{ kept }} {% raw %}{% endverbatim %}');
c('verbatim nested', '{% verbatim %}a{% verbatim %}b{% endverbatim %}c{% endverbatim %}d');

// ---------------------------------------------------------------- whitespace control edge cases
c('ws dash at template start', '{%- if true %}x{% endif %}');
c('ws dash at template end', 'x{% if true -%}   \n{%- endif -%}');
c('ws adjacent tags', '{{- a -}}{{- b -}}  {{- c }}', { a: 1, b: 2, c: 3 });
c('ws crlf lines', 'line1\r\n{%- if true -%}\r\nline2\r\n{%- endif -%}\r\nline3\r\n');
c('ws dash on raw', 'a  {%- raw -%}  b  {%- endraw -%}  c');
c('ws dash on comment at end', 'a\n{#- bye -#}');
c('ws dash on set block end', '{% set x -%}\n  v\n{%- endset %}[{{ x }}]');
c('ws only whitespace text removed', '{% for i in [1, 2] -%}\n\n\t  {%- endfor %}done');
c('ws unicode spaces trimmed', 'a\u2003\u3000{{- "b" -}}\u2003c');
c('ws dash in for else', '{% for x in [] -%} x {%- else -%}  empty  {%- endfor %}');
c('ws indentation preserved without dash', '  {% if true %}\n    indented\n  {% endif %}\n');
c('ws json lines template', '{% for m in ms -%}\n{{ m | dump }}\n{% endfor -%}', { ms: [{ a: 1 }, { b: 'x' }] });
c('ws double dash expression', '[ {{- "-" -}} ]');
c('ws after variable end followed by block', '{{ a -}}  {% if true %}  y{% endif %}', { a: 'x' });

// ---------------------------------------------------------------- call and caller
c('call with caller', '{% macro wrap() %}<div>{{ caller() }}</div>{% endmacro %}{% call wrap() %}Hello {{ name }}{% endcall %}', { name: 'Bo' });
c('call with caller arguments', '{% macro list(items) %}<ul>{% for i in items %}<li>{{ caller(i) }}</li>{% endfor %}</ul>{% endmacro %}{% call(item) list(xs) %}[{{ item }}]{% endcall %}', { xs: ['a', 'b'] });
c('call inside loop sees loop variable', '{% macro wrap() %}({{ caller() }}){% endmacro %}{% for x in [1, 2] %}{% call wrap() %}{{ x }}{% endcall %}{% endfor %}');
c('caller sees macro parameters', '{% macro m(p) %}{{ caller() }}{% endmacro %}{% call m("P") %}{{ p }}{% endcall %}');
c('set inside caller is isolated', '{% set y = 1 %}{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}{% set y = 2 %}{{ y }}{% endcall %}{{ y }}');
c('call without parentheses errors', '{% macro m() %}x{% endmacro %}{% call m %}body{% endcall %}');
c('caller default argument', '{% macro m() %}{{ caller() }}|{{ caller("given") }}{% endmacro %}{% call(v="dflt") m() %}{{ v }}{% endcall %}');
c('call with keyword args to macro', '{% macro m(a, b=1) %}{{ a }}{{ b }}:{{ caller() }}{% endmacro %}{% call m(1, b=2) %}body{% endcall %}');
c('caller called twice', '{% macro twice() %}{{ caller() }}{{ caller() }}{% endmacro %}{% call twice() %}ab{% endcall %}');
c('caller output is safe string', '{% macro m() %}{{ caller() | dump }}{% endmacro %}{% call m() %}x{% endcall %}');
c('unclosed call errors', '{% macro m() %}x{% endmacro %}{% call m() %}body');

// ---------------------------------------------------------------- urlize
c('urlize links', '{{ s | urlize }}', { s: 'see http://example.com/a?b=1, www.example.org and mail me@example.com or example.net/x.' });
c('urlize truncates and nofollow', '{{ s | urlize(10, true) }}', { s: 'go https://example.com/very/long/path now' });
c('urlize keeps whitespace and plain words', '{{ s | urlize }}', { s: 'a  b\n\tc (www.x.com)' });
c('urlize of undefined errors', '{{ missing | urlize }}');

// ---------------------------------------------------------------- found by differential fuzzing
c('truncate of short array returns it', '{{ xs | truncate(3) }}', { xs: [3, 1, 2] });
c('truncate of long array errors', '{{ xs | truncate(2) }}', { xs: [3, 1, 2] });
c('center of array', '[{{ xs | center(9) }}]', { xs: [3, 1, 2] });
c('for over safe string iterates code points', '{% for c in s | safe %}[{{ c }}]{% endfor %}', { s: 'a😀b' });
c('for over escaped number', '{% for c in -3 | safe %}{{ c }},{% endfor %}');
c('batch of number is empty', '{{ 5 | batch(2) | dump }} {{ o | batch(2) | dump }}', { o: { a: 1 } });
c('slice of string', '{{ "abcde" | slice(2) | dump }}');
c('slice of string with fill errors', '{{ "abcde" | slice(2, "x") }}');
c('join attribute of safe string errors', '{{ "ab" | safe | join("-", "q") }}');
c('groupby of safe string errors', '{{ "ab" | safe | groupby("q") }}');
c('sort by attribute with null item errors', '{{ xs | sort(false, false, "a") }}', { xs: [{ a: 1 }, null] });
c('reverse of safe string', '[{{ "abc" | safe | reverse }}]');
c('in safe string checks properties', '{{ "length" in ("x" | safe) }} {{ "x" in ("x" | safe) }} {{ "toUpperCase" in ("x" | safe) }}');
c('power matches javascript exactly', '{{ 7 ** 1.5 }} {{ 1.1 ** 10 }} {{ 3.7 | round(2) }}');

// ---------------------------------------------------------------- render
function render(k) {
  const e = env(k.env, k.filters);
  try {
    return { expected: e.renderString(k.template, k.vars) };
  } catch (err) {
    return { error: true };
  }
}

const names = new Set();
const out = cases.map((k) => {
  if (names.has(k.name)) {
    throw new Error('duplicate case name: ' + k.name);
  }
  names.add(k.name);
  const r = render(k);
  const o = { name: k.name, template: k.template, vars: k.vars };
  if (k.env) o.env = k.env;
  if (k.filters) o.filters = k.filters;
  return Object.assign(o, r);
});

// ---------------------------------------------------------------- Json (JSON.parse / JSON.stringify) cases
const numberTexts = ['0', '-0', '1', '-1', '1.5', '0.1', '100', '1e21', '1e20', '123456789012345680000', '1e-6', '1e-7',
  '1.2345e-7', '0.000001', '3.14159', '2.5e10', '1.7976931348623157e308', '5e-324', '-2.5e-8', '12345.6789',
  '0.30000000000000004', '9007199254740993', '1e100', '4.35', '0.5', '100.0', '1234567890123.25'];
const numbers = numberTexts.map((t) => ({ text: t, string: String(Number(t)), json: JSON.stringify(Number(t)) }));
const jsonValues = [
  { a: 1, b: [true, false, null], c: { d: 'x' } },
  'plain "quoted" \\ back\nslash\r\t\b\f \u0000 \u001f \u007f é 😀 \u2028',
  [],
  {},
  [[], {}, [1, [2, [3]]]],
  { 'key with "quotes"': 'v', '': 'empty key' },
  [1.5, -0.25, 1e21, 1e-7, 100, 0],
  'x',
  null,
  true,
];
const jsonCases = jsonValues.map((v, i) => ({
  name: 'value ' + i,
  json: JSON.stringify(v),
  compact: JSON.stringify(v),
  indent2: JSON.stringify(v, null, 2),
  indent4: JSON.stringify(v, null, 4),
  indentTab: JSON.stringify(v, null, '\t'),
}));

fs.mkdirSync(OUT_DIR, { recursive: true });
fs.writeFileSync(path.join(OUT_DIR, 'nunjucks-fixtures.json'), JSON.stringify(out, null, 2) + '\n');
fs.writeFileSync(path.join(OUT_DIR, 'json-fixtures.json'),
  JSON.stringify({ numbers, values: jsonCases }, null, 2) + '\n');
console.log(out.length + ' template cases (' + out.filter((o) => o.error).length + ' errors), '
  + numbers.length + ' numbers, ' + jsonCases.length + ' JSON values, nunjucks ' + require('nunjucks/package.json').version);
