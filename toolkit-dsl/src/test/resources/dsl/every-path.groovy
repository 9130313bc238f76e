// The DSL compile test (DslCompileTest): every method of the suite, the provider, test and expect blocks, compiled
// type-checked and loaded. A DSL change that breaks a form here breaks the build. docs/groovy.md shows parts of it.

// ---- the suite: one method per YAML key ----
description 'Every path of the DSL'         // description: ...
mockServer()                                 // mockServer: true
mockServer(false)                            // mockServer: false
mockServer port: 0                           // mockServer: {port: 0, scenario: file://...}
metadata owner: 'qa'                         // metadata: {...}            (repeatable, merged)
env REGION: 'eu'                             // env: {...}                 (repeatable, merged)
vars tone: 'dry'                             // vars: {...}, every test's  (repeatable, merged)
evaluateOptions maxConcurrency: 2, repeat: 1, timeoutMs: 60000    // evaluateOptions: {...}
outputPath 'every-path.json'                 // outputPath: [...]
nunjucksFilter('shout') { value -> value.toString().toUpperCase() }    // nunjucksFilters: {shout: ...}
nunjucksFilters whisper: '{ value -> value.toString().toLowerCase() }'  // several, as closures or text

// ---- prompts: repeatable ----
prompt '{{ q }}'                                          // a Nunjucks template
prompt 'Answer: {{ q }}', label: 'short'                  // {raw: ..., label: ...}
prompt file('prompt.txt')                                 // file://prompt.txt (and .json, .yaml, .groovy)
prompt file('prompt.txt'), label: 'from a file'           // {id: file://..., label: ...}
prompt { vars, provider -> "Q: ${vars.q} for ${provider.label}".toString() }   // a prompt function
prompt(label: 'chat') { vars, provider -> [[role: 'user', content: vars.q]] }   // chat messages, sent as JSON
prompts(['{{ q }}?', [raw: '{{ q }}!', label: 'bang']])  // the YAML list as it is

// ---- providers: repeatable ----
provider 'ws://127.0.0.1:1/plain'                         // an id alone
provider("ws://127.0.0.1:1/${env.REGION}") {
    label 'bot'
    messageTemplate '{"input": {{ prompt | dump }}}'      // any option of the provider, by name
    headers Authorization: 'Bearer {{ env.KEY }}'         // a map option as named arguments
    protocols 'chat', 'v2'                                // a list option as arguments
    timeoutMs 30000
    config idleTimeoutMs: 5000                            // several options, as YAML's config: map
    transformResponse { data, context -> data.message }   // transforms are closures
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
    modalities(['text'])                                  // a one-item list needs the brackets
    functionCallHandler { name, args -> [ok: true] }
}
provider id: 'ws://127.0.0.1:1/map', label: 'map', config: [messageTemplate: '{{ prompt }}']   // the YAML map
providers(['ws://127.0.0.1:1/list', [id: 'ws://127.0.0.1:1/list2', config: [messageTemplate: '{{ prompt }}']]])
target 'ws://127.0.0.1:1/target'                          // targets: promptfoo's other name
target('ws://127.0.0.1:1/target2') { messageTemplate '{{ prompt }}' }
targets(['ws://127.0.0.1:1/target3'])

// ---- tests ----
defaultTest {                                             // what every test inherits
    vars lang: 'en'
    options provider: [id: 'ws://127.0.0.1:1/grader', config: [transformResponse: { data, context -> [pass: true] }]]
    expect { latency 5000 }
}

test('every assertion') {
    description 'every assertion, described again'
    vars q: 'hello', list: ['a', 'b']                     // a list multiplies the test
    vars file('vars.yaml')                                // vars: file://vars.yaml
    metadata conversationId: 'c1'
    options disableConversationVar: true
    threshold 0.5
    provider 'ws://127.0.0.1:1/grader'                    // the llm-rubric grader
    expect {
        equals 'You said: hello'                          // type: equals (values are templates over the vars)
        equals 42
        equals([reply: 'x'])                              // a structure, compared as JSON
        equals(['a', 'b'])
        equals 'x', weight: 0                             // options as named arguments
        contains 'hello'
        contains 'hello', metric: 'm'
        icontains 'HELLO'
        icontains 'HELLO', weight: 2
        containsAny 'a', 'b'                              // contains-any
        containsAny(weight: 1, 'a', 'b')
        containsAll(['a', 'b'])                           // contains-all, with a list
        containsAll(weight: 1, 'a', 'b')
        icontainsAny 'A', 'B'
        icontainsAny(weight: 1, 'A')
        icontainsAll 'A', 'B'
        icontainsAll(weight: 1, 'A')
        startsWith 'You'                                  // starts-with
        startsWith 'You', weight: 1
        regex(/\w+/)                                      // a slashy string needs no escaping
        regex(/\w+/, weight: 1)
        isJson()                                          // is-json
        isJson([type: 'object'])                          // with a JSON Schema
        isJson([type: 'object'], weight: 1)
        containsJson()                                    // contains-json
        containsJson(file('schema.json'))
        containsJson(file('schema.json'), weight: 1)
        levenshtein 'hallo'
        levenshtein 'hallo', threshold: 2
        latency 1000                                      // the threshold in milliseconds is the value
        latency 1000, weight: 0
        ttft 800
        ttft 800, metric: 'speed'
        maxFrameGap 500                                   // max-frame-gap
        maxFrameGap 500, weight: 1
        frames 3                                          // exactly
        frames min: 1, max: 10
        groovy { output, context -> output.size() < 100 } // code: a closure
        groovy(threshold: 0.5) { output, context -> 0.7 }
        groovy 'output.size() < 100'                      // or text, as YAML writes it
        groovy 'output.size() < 100', weight: 1
        javascript 'output.length < 100'                  // promptfoo's javascript, run as Groovy
        javascript 'output.length < 100', weight: 1
        llmRubric 'is polite'                             // llm-rubric
        llmRubric 'is polite', rubricPrompt: 'Grade: {{ output }} against {{ rubric }}', threshold: 0.5
        contains 'x', transform: { output, context -> output.toUpperCase() }   // a transform of the output
        contains 'x', transform: 'output.toUpperCase()'
        not { contains 'error'; not { contains 'hello' } }                     // the not- forms
        assertSet { contains 'a'; contains 'b' }                               // assert-set
        assertSet(threshold: 0.5, weight: 2) { contains 'a' }
        assertion type: 'not-contains', value: 'oops', weight: 1               // the YAML map as it is
        assertion type: 'groovy', value: { output, context -> true }
    }
}
test { vars q: 'no description' }
test description: 'as YAML', vars: [q: 'map'], assert: [[type: 'contains', value: 'map']]   // the YAML map
tests file('tests.csv')                                   // tests: file://tests.csv
tests 'file://more/*.yaml'                                // a glob
tests([[vars: [q: 'from a list']], file('tests.csv')])    // the YAML list as it is
defaultTest file('defaults.yaml')                         // defaultTest: file://defaults.yaml
