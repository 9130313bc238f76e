// wst run examples/groovy/compare.groovy [MAX_DROP]
//
// A release check a config cannot express: run one suite with the current prompt and with a new one, print both
// pass rates and the cases that changed, and fail (exit 1) when the new prompt loses more than MAX_DROP points
// (default 0).
double maxDrop = args ? args[0] as double : 0

// the suite, for a prompt
def suiteWith = { String promptText ->
    evaluate {
        mockServer()
        prompt promptText
        provider("${env.WST_MOCK_URL}/ws-stream") {
            label 'chatbot'
            messageTemplate '{"input": {{ prompt | dump }}}'
            streamResponse { acc, event, ctx ->
                def m = JSON.parse(event.data)
                m.type == 'message' ? [[output: m.message], true] : [acc, false]
            }
        }
        test('greets back') { vars question: 'Hello there'; expect { icontains 'help' } }
        test('tells a joke') { vars question: 'Tell me a joke'; expect { icontains 'programmer' } }
        test('echoes the time question') { vars question: 'What time is it?'; expect { equals 'You said: What time is it?' } }
        test('echoes the order question') { vars question: 'Where is order 42?'; expect { startsWith 'You said: Where' } }
    }
}

def current = suiteWith('{{ question }}')
def next = suiteWith('Please answer: {{ question }}')

printf('current prompt: %5.1f%% (%s)%n', current.stats().passRate(), current.stats().summaryLine())
printf('new prompt:     %5.1f%% (%s)%n', next.stats().passRate(), next.stats().summaryLine())
current.results().eachWithIndex { before, i ->
    def after = next.results()[i]
    if (before.success() != after.success()) {
        println "  ${before.caseName()}: ${before.success() ? 'PASS' : 'FAIL'} -> ${after.success() ? 'PASS' : 'FAIL'}"
    }
}
double drop = current.stats().passRate() - next.stats().passRate()
assert drop <= maxDrop : "the new prompt loses ${drop} points (at most ${maxDrop} allowed)"
println 'ok: the new prompt may ship'
