// wst eval -c examples/assertions-streaming/promptfooconfig.groovy
// The Groovy form of promptfooconfig.yaml: streaming assertions that only a WebSocket-aware eval can make (time to
// first frame, frame count bounds, the longest gap between frames) and latency.
description 'Streaming assertions'
mockServer()
prompt 'Tell me a joke'

// the mock paces its frames by the `gap` query parameter (milliseconds between frames)
provider("${env.WST_MOCK_URL}/ws-stream?gap=20") {
    label 'paced-stream'
    messageTemplate '{"input": {{ prompt | dump }}}'
    streamResponse { acc, event, ctx ->
        def m = JSON.parse(event.data)
        m.type == 'message' ? [[output: m.message], true] : [acc, false]
    }
}

test('fast start, steady stream') {
    expect {
        ttft 2000                   // the first frame arrived within 2 s of sending the prompt
        frames min: 3, max: 200     // how many frames came back
        maxFrameGap 2000            // no pause longer than 2 s between two frames
        latency 10000               // the whole call, retries included
        not { frames max: 1 }       // not- forms work here too: more than one frame
    }
}
