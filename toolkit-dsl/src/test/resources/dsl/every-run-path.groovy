// The run-script half of the compile test: every method of a `wst run` script, compiled type-checked (not run).
Map<String, String> e = env
List<String> a = args
def m = mock()
def m2 = mock(port: 0, scenario: file('scenario.yaml'))
def ws = websocket(m.wsUri('/ws'))
def ws2 = websocket(m.wsUri('/ws')) { messageTemplate '{{ prompt }}'; transformResponse { data, ctx -> data.message } }
def rt = realtime('gpt-realtime')
def rt2 = realtime('gpt-realtime') { apiKey 'k' }
def p = provider('ws://127.0.0.1:1/ws')
def p2 = provider('ws://127.0.0.1:1/ws') { messageTemplate '{{ prompt }}' }
def r = ws.call('hi')
def r2 = ws.call('hi', [name: 'Ada'])
println "${r.output} ${r2.timings.total()} ${JSON.stringify([a: 1])} ${file('x.txt')}"
def session = realtimeSession(model: 'gpt-realtime', apiKey: 'k', apiBaseUrl: 'http://127.0.0.1:1/v1')
def s = suite { prompt 'x'; provider 'ws://127.0.0.1:1/ws' }
def loaded = load(file('suite.yaml'))
def run1 = evaluate { prompt 'x'; provider 'ws://127.0.0.1:1/ws' }
def run2 = evaluate(maxConcurrency: 2) { prompt 'x'; provider 'ws://127.0.0.1:1/ws' }
def run3 = evaluate(file('suite.yaml'))
def run4 = evaluate([repeat: 2], file('suite.yaml'))
def run5 = evaluate(s)
def run6 = evaluate([vars: [q: 1], output: 'out.json'], loaded)
report(run1, 'report.html', 'results.junit.xml')
assert run1.stats().passRate() >= 0
exit(0)
