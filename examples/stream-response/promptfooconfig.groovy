// wst eval -c examples/stream-response/promptfooconfig.groovy
//
// The Groovy form of promptfooconfig.yaml: reading a stream with streamResponse (promptfoo's websockets-streaming
// example), offline: the
// embedded mock server plays the example's server (GET /health, WebSocket /ws answering with one message,
// /ws-stream streaming delta… then message then done). The mock answers "You said: <input>" (or a canned reply for a
// greeting).
description 'Streams read with streamResponse, offline'
mockServer()

prompt 'Rephrase this in {{language}}: {{body}}'
prompt 'Translate this to conversational {{language}}: {{body}}'

// the streaming endpoint, read with streamResponse (the original example's function, as a closure)
target("${env.WST_MOCK_URL}/ws-stream") {
    label 'ws-stream'
    messageTemplate '{"input": {{prompt | dump}}}'
    streamResponse { accumulator, event, context ->
        def parsed = JSON.parse(event.data)
        if (parsed.type == 'message') return [[output: parsed.message], true]
        if (parsed.type == 'error') return [[error: parsed.message], true]
        [[output: parsed.message], false]
    }
}

// the one-message endpoint, read with transformResponse
target("${env.WST_MOCK_URL}/ws") {
    label 'ws-single'
    messageTemplate '{"input": {{prompt | dump}}}'
    transformResponse { data, context -> data.type == 'error' ? [error: data.error] : data.message }
}

defaultTest {
    expect {
        // the mock greets back when the input says hello, and echoes it otherwise
        groovy { output, context -> output.startsWith('Hello!') || output.contains(context.vars.body) }
        not { icontains 'error' }
    }
}

// the cases, generated: every language x body
for (language in ['French', 'Pirate']) {
    for (body in ['Hello world', "I'm hungry"]) {
        test { vars language: language, body: body }
    }
}
