// wst eval -c examples/websocket-streaming/promptfooconfig.groovy
//
// The Groovy form of promptfooconfig.yaml. Seed 000 (promptfoo's unmerged websocket-streaming example), runnable
// offline: the embedded mock server plays the local streaming server (chunk… then done, on /) and the OpenAI Realtime
// API of that era (/legacy-realtime).
description 'WebSocket streaming (seed 000), offline'
mockServer()

['Hello, how are you today?', 'What is artificial intelligence in simple terms?', 'Tell me a programming joke'].each {
    prompt it
}

// The OpenAI Realtime API through the generic WebSocket provider, in legacy stream mode (beta event names).
// Offline, the mock's /legacy-realtime plays the API.
provider("${env.WST_MOCK_URL}/legacy-realtime?model=gpt-4o-realtime-preview-2024-10-01") {
    label 'realtime-legacy'
    stream true
    streamChunkType 'response.audio_transcript.delta'
    streamDoneType 'response.audio_transcript.done'
    streamDeltaField 'delta'
    messageTemplate '''{
  "type": "conversation.item.create",
  "item": {
    "type": "message",
    "role": "user",
    "content": [{"type": "input_text", "text": {{ prompt | dump }}}]
  }
}
'''
    headers Authorization: "Bearer {{ env.OPENAI_API_KEY | default('not-needed-offline') }}"
    timeoutMs 30000
    transformResponse { data, context -> data }
}

// The local test server, three ways. `websocket://` ids are rewritten to ws://, as in the seed.
def local = "websocket://${env.WST_MOCK_HOST}"
def template = '{"prompt": {{ prompt | dump }}, "stream": true}'

provider(local) {
    label 'local-inline'
    messageTemplate template
    timeoutMs 15000
    // seed 000's transformStream, as a closure: done on the `done` frame, the output the joined chunk deltas
    transformStream { context ->
        def message = context.message
        if (message.type == 'done') {
            return [done: true, output: context.messages.findAll { it.type == 'chunk' && it.delta }*.delta.join('')]
        }
        if (message.type == 'error') {
            return [done: true, error: message.error]
        }
        [:]
    }
}

provider(local) {
    label 'local-file-transform'
    messageTemplate template
    timeoutMs 15000
    transformStream file('stream-transforms/simple-chunk.groovy')
}

provider(local) {
    label 'local-legacy'
    stream true
    messageTemplate template
    timeoutMs 15000
}

defaultTest {
    expect {
        // the server's canned replies: a greeting for "hello", a default answer otherwise
        containsAny 'Hello! How can I help you today?', 'I received your message'
        not { icontains 'error' }
        // it really streamed: several frames, not one
        frames min: 3
    }
}

test { vars([:]) }
