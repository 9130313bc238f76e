// wst eval -c examples/assertions-code/promptfooconfig.groovy
// The Groovy form of promptfooconfig.yaml. Code assertions as closures, per-assertion transforms, assertSet,
// weights, thresholds and metrics, a prompt function and a nunjucks filter, all written in Groovy.
description 'Code assertions'
mockServer()

// a template filter in Groovy: {{ name | shout }}
nunjucksFilter('shout') { value -> value.toString().toUpperCase() + '!' }

prompt 'Please repeat: {{ topic | shout }}'
prompt file('prompt.groovy')            // a prompt function in a file: { vars, provider -> ... }

provider("${env.WST_MOCK_URL}/ws") {
    label 'echo'
    messageTemplate '{"input": {{ prompt | dump }}}'
    transformResponse { data, context -> data.message }
}

test('groovy returns a boolean, a score or a grading result') {
    vars topic: 'websockets'
    expect {
        // a closure over the output and the context
        groovy { output, context -> output.toLowerCase().contains(context.vars.topic) }
        // a score from 0 to 1, compared with the threshold
        groovy(threshold: 0.5) { output, context -> Math.min(1.0, output.length() / 40.0) }
        // a grading result map
        groovy { output, context ->
            def words = output.split(/\s+/).size()
            [pass: words >= 3, score: words >= 3 ? 1 : 0, reason: "${words} words".toString()]
        }
        // javascript assertions are evaluated as Groovy: this one is valid in both languages
        javascript 'output.startsWith("You said")'
        // code in a file, by function name
        groovy file('checks/checks.groovy:mentionsTopic')
    }
}

test('transforms, sets, weights and metrics') {
    vars topic: 'streams'
    threshold 0.7                       // the weighted score must reach 0.7 (so one light failure is tolerated)
    expect {
        // check a derived value
        equals 'yes', weight: 3, metric: 'relevance',
                transform: { output, context -> output.toUpperCase().contains('STREAMS') ? 'yes' : 'no' }
        contains 'this text is not there', weight: 1, metric: 'completeness'
        // a group with its own threshold, counted as one assertion
        assertSet(threshold: 0.5, weight: 2) {
            icontains 'streams'
            not { icontains 'error' }
            regex(/\d{4}/)
        }
    }
}
