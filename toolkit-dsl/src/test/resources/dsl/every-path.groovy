// The DSL compile test (DslCompileTest): every method of the suite, the provider, test and expect blocks, compiled
// type-checked and loaded. A DSL change that breaks a form here breaks the build.
description 'Every path of the DSL'
mockServer()
mockServer(false)
mockServer port: 0
metadata owner: 'qa'
env REGION: 'eu'
vars tone: 'dry'
evaluateOptions maxConcurrency: 2, repeat: 1, timeoutMs: 60000
outputPath 'every-path.json'
nunjucksFilter('shout') { value -> value.toString().toUpperCase() }
nunjucksFilters whisper: '{ value -> value.toString().toLowerCase() }'

prompt '{{ q }}'
prompt 'Answer: {{ q }}', label: 'short'
prompt file('prompt.txt')
prompt file('prompt.txt'), label: 'from a file'
prompt { vars, provider -> "Q: ${vars.q} for ${provider.label}".toString() }
prompt(label: 'chat') { vars, provider -> [[role: 'user', content: vars.q]] }
prompts(['{{ q }}?', [raw: '{{ q }}!', label: 'bang']])

provider 'ws://127.0.0.1:1/plain'
provider("ws://127.0.0.1:1/${env.REGION}") {
    label 'bot'
    messageTemplate '{"input": {{ prompt | dump }}}'
    headers Authorization: 'Bearer {{ env.KEY }}'
    protocols 'chat', 'v2'
    timeoutMs 30000
    config idleTimeoutMs: 5000
    transformResponse { data, context -> data.message }
}
provider('ws://127.0.0.1:1/stream') {
    messageTemplate '{{ prompt }}'
    streamResponse { acc, event, ctx ->
        def m = JSON.parse(event.data)
        m.type == 'message' ? [[output: m.message], true] : [acc, false]
    }
}
provider('ws://127.0.0.1:1/legacy') {
    messageTemplate '{{ prompt }}'
    responseParser { data, context -> data }
    transformStream { context -> context.message.type == 'done' ? [done: true, output: 'x'] : [:] }
}
provider('openai:realtime:gpt-realtime') {
    apiKey 'test-key'
    modalities(['text'])
    functionCallHandler { name, args -> [ok: true] }
}
provider id: 'ws://127.0.0.1:1/map', label: 'map', config: [messageTemplate: '{{ prompt }}']
providers(['ws://127.0.0.1:1/list', [id: 'ws://127.0.0.1:1/list2', config: [messageTemplate: '{{ prompt }}']]])
target 'ws://127.0.0.1:1/target'
target('ws://127.0.0.1:1/target2') { messageTemplate '{{ prompt }}' }
targets(['ws://127.0.0.1:1/target3'])

defaultTest {
    vars lang: 'en'
    options provider: [id: 'ws://127.0.0.1:1/grader', config: [transformResponse: { data, context -> [pass: true] }]]
    expect { latency 5000 }
}

test('every assertion') {
    description 'every assertion, described again'
    vars q: 'hello', list: ['a', 'b']
    vars file('vars.yaml')
    metadata conversationId: 'c1'
    options disableConversationVar: true
    threshold 0.5
    provider 'ws://127.0.0.1:1/grader'
    expect {
        equals 'You said: hello'
        equals 42
        equals([reply: 'x'])
        equals(['a', 'b'])
        equals 'x', weight: 0
        contains 'hello'
        contains 'hello', metric: 'm'
        icontains 'HELLO'
        icontains 'HELLO', weight: 2
        containsAny 'a', 'b'
        containsAny(weight: 1, 'a', 'b')
        containsAll(['a', 'b'])
        containsAll(weight: 1, 'a', 'b')
        icontainsAny 'A', 'B'
        icontainsAny(weight: 1, 'A')
        icontainsAll 'A', 'B'
        icontainsAll(weight: 1, 'A')
        startsWith 'You'
        startsWith 'You', weight: 1
        regex(/\w+/)
        regex(/\w+/, weight: 1)
        isJson()
        isJson([type: 'object'])
        isJson([type: 'object'], weight: 1)
        containsJson()
        containsJson(file('schema.json'))
        containsJson(file('schema.json'), weight: 1)
        levenshtein 'hallo'
        levenshtein 'hallo', threshold: 2
        latency 1000
        latency 1000, weight: 0
        ttft 800
        ttft 800, metric: 'speed'
        maxFrameGap 500
        maxFrameGap 500, weight: 1
        frames 3
        frames min: 1, max: 10
        groovy { output, context -> output.size() < 100 }
        groovy(threshold: 0.5) { output, context -> 0.7 }
        groovy 'output.size() < 100'
        groovy 'output.size() < 100', weight: 1
        javascript 'output.length < 100'
        javascript 'output.length < 100', weight: 1
        llmRubric 'is polite'
        llmRubric 'is polite', rubricPrompt: 'Grade: {{ output }} against {{ rubric }}', threshold: 0.5
        contains 'x', transform: { output, context -> output.toUpperCase() }
        contains 'x', transform: 'output.toUpperCase()'
        not { contains 'error'; not { contains 'hello' } }
        assertSet { contains 'a'; contains 'b' }
        assertSet(threshold: 0.5, weight: 2) { contains 'a' }
        assertion type: 'not-contains', value: 'oops', weight: 1
        assertion type: 'groovy', value: { output, context -> true }
    }
}
test { vars q: 'no description' }
test description: 'as YAML', vars: [q: 'map'], assert: [[type: 'contains', value: 'map']]
tests file('tests.csv')
tests 'file://more/*.yaml'
tests([[vars: [q: 'from a list']], file('tests.csv')])
defaultTest file('defaults.yaml')
