// The Groovy snippet of README.md is lines 6-18 of this file; GroovyExamplesTest runs it against the mock server.
mockServer()
prompt '{{ question }}'
defaultTest { expect { latency 10000 } }

provider("${env.WST_MOCK_URL}/ws-stream") {                // any YAML config key is a method
    messageTemplate '{"input": {{ prompt | dump }}}'
    streamResponse { acc, event, ctx ->                    // transforms are closures
        def m = JSON.parse(event.data)
        m.type == 'message' ? [[output: m.message], true] : [acc, false]
    }
}
['hello', 'joke'].each { w ->
    test("asks about $w") {
        vars question: "Tell me: $w"
        expect { icontains w; ttft 800; not { contains 'error' } }
    }
}
