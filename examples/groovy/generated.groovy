// wst eval -c examples/groovy/generated.groovy
//
// A suite YAML cannot write: the cases come from a data file, one provider block serves two endpoints, and one
// assertion is shared by every case.
description 'Generated cases, two endpoints'
mockServer()
prompt '{{ question }}'

// one provider block, two endpoints of the mock: one message (/ws), or a stream of deltas (/ws-stream)
['/ws', '/ws-stream'].each { path ->
    provider("${env.WST_MOCK_URL}${path}") {
        label path.substring(1)
        messageTemplate '{"input": {{ prompt | dump }}}'
        streamResponse { acc, event, ctx ->
            def m = JSON.parse(event.data)
            m.type == 'message' ? [[output: m.message], true] : [acc, false]
        }
        timeoutMs 10000
    }
}

// an assertion every case shares: a short answer without an apology
def shortAndConfident = { output, context -> output.size() < 120 && !output.toLowerCase().contains('sorry') }

// the cases, from data
new JsonSlurper().parse(file('questions.json')).each { c ->
    test(c.name) {
        vars question: c.question
        expect {
            groovy shortAndConfident
            if (c.expect) {
                icontains c.expect
            }
        }
    }
}
