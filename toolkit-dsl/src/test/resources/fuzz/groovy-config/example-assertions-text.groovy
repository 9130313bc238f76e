// wst eval -c examples/assertions-text/promptfooconfig.groovy
// The Groovy form of promptfooconfig.yaml: text assertions and their not- forms, against the mock's /ws endpoint
// (it answers "You said: <input>").
description 'Text assertions'
mockServer()
prompt '{{ input }}'
provider("${env.WST_MOCK_URL}/ws") {
    label 'echo'
    messageTemplate '{"input": {{ prompt | dump }}}'
    transformResponse { data, context -> data.message }
}

test('exact and partial matches') {
    vars input: 'The quick brown fox'
    expect {
        equals 'You said: {{ input }}'      // values are templates over the test's vars
        contains 'brown'
        icontains 'QUICK'
        not { contains 'lazy dog' }
        startsWith 'You said:'
        not { startsWith 'Hello' }
    }
}

test('any and all of a list') {
    vars input: 'red green blue'
    expect {
        containsAny 'purple', 'green'
        containsAll 'red', 'blue'
        icontainsAny 'GREEN', 'Orange'
        icontainsAll 'RED', 'Green', 'BLUE'
        not { containsAny 'cyan', 'magenta' }
    }
}

test('regular expressions and edit distance') {
    vars input: 'Order #12345 shipped'
    expect {
        regex(/#\d{5}\b/)
        not { regex(/(?i)cancel+ed/) }
        levenshtein 'You said: Order #12346 shipped!', threshold: 2   // at most `threshold` edits away (default 5)
    }
}

// tests can also come from a CSV file: columns are vars, __expected columns are assertions
tests file('tests.csv')
