// wst eval -c examples/getting-started/promptfooconfig.groovy
//
// The Groovy form of promptfooconfig.yaml (the same suite, loaded into the same records). A streaming chatbot over
// WebSocket, tested offline: mockServer() makes `wst eval` start the project's mock server in-process for the run,
// and its address reaches this script as env.WST_MOCK_URL.
description 'Getting started: a streaming WebSocket chatbot, played by the embedded mock server'

mockServer()

prompt '{{ question }}'

provider("${env.WST_MOCK_URL}/ws-stream") {
    label 'chatbot'
    // what the client sends for each prompt
    messageTemplate '{"input": {{ prompt | dump }}}'
    // called for every frame: `ready` and `delta` frames keep the call going, `message` ends it
    streamResponse { acc, event, ctx ->
        def m = JSON.parse(event.data)
        if (m.type == 'message') return [[output: m.message], true]
        if (m.type == 'error') return [[error: m.message], true]
        [acc, false]
    }
    timeoutMs 10000
}

test('greets back') {
    vars question: 'Hello there'
    expect {
        equals 'Hello! How can I help you today?'
        // streaming assertions: the answer came in several frames, the first one quickly
        frames min: 2
        ttft 5000
    }
}

test('tells a joke') {
    vars question: 'Tell me a joke'
    expect {
        icontains 'programmer'
        groovy { output, context -> output.endsWith('arrays!') }
    }
}

test('echoes anything else') {
    vars question: 'What time is it?'
    expect {
        startsWith 'You said:'
        contains '{{ question }}'
        latency 10000
    }
}
