// wst eval -c examples/llm-rubric/promptfooconfig.groovy
// The Groovy form of promptfooconfig.yaml. llm-rubric: a provider grades the output against a rubric. Any provider
// can grade; offline, a toy grader made from the mock's /ws endpoint stands in for a model.
description 'Model-graded assertions (llm-rubric), offline'
mockServer()
prompt '{{ question }}'
provider("${env.WST_MOCK_URL}/ws") {
    label 'assistant'
    messageTemplate '{"input": {{ prompt | dump }}}'
    transformResponse { data, context -> data.message }
}

// The grader gets the grading prompt (the output and the rubric) and must answer with JSON
// {"pass": true|false, "score": 0..1, "reason": "..."} (as text, or as the output object).
// This toy grader ignores what the mock answers and judges the output it is given (the grading call's vars hold
// `output` and `rubric` besides the test's vars): outputs that offer help pass.
def grader = [
    id    : "${env.WST_MOCK_URL}/ws",
    config: [
        messageTemplate  : '{"input": {{ prompt | dump }}}',
        transformResponse: { data, context ->
            def helpful = context.vars.output.toLowerCase().contains('help')
            [pass: helpful, score: helpful ? 0.9 : 0.1, reason: helpful ? 'offers help' : 'does not offer help']
        },
    ],
]
defaultTest {
    options provider: grader
}

test('a greeting offers help') {
    vars question: 'Hello!'
    expect { llmRubric 'The answer offers to help the user' }
}

test('an echo does not offer help') {
    vars question: 'The weather is nice'
    expect {
        not { llmRubric 'The answer offers to help the user' }
        // a score threshold on top of the grader's pass, and a grader for this assertion only
        llmRubric 'Offers help', threshold: 0.05, provider: [
            id    : "${env.WST_MOCK_URL}/ws",
            config: [
                messageTemplate  : '{"input": {{ prompt | dump }}}',
                transformResponse: { data, context -> '{"pass": true, "score": 0.5, "reason": "lenient grader"}' },
            ],
        ]
    }
}
