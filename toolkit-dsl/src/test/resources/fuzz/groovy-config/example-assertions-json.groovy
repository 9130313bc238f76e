// wst eval -c examples/assertions-json/promptfooconfig.groovy
// The Groovy form of promptfooconfig.yaml: is-json (with a JSON Schema), contains-json, equals on a structure.
description 'JSON assertions'
mockServer()
prompt '{{ input }}'

// the mock echoes the input; transformResponse turns the answer into a JSON document
provider("${env.WST_MOCK_URL}/ws") {
    label 'json-api'
    messageTemplate '{"input": {{ prompt | dump }}}'
    transformResponse { data, context ->
        JSON.stringify([reply: data.message, words: data.message.split(' ').size(), ok: true])
    }
}
// the same answer as text around a JSON object
provider("${env.WST_MOCK_URL}/ws") {
    label 'chatty'
    messageTemplate '{"input": {{ prompt | dump }}}'
    transformResponse { data, context -> 'Here you go: ' + JSON.stringify([reply: data.message, ok: true]) + ' Anything else?' }
}

test('a document that matches a schema') {
    vars input: 'three little words'
    expect {
        containsJson([
            type      : 'object',
            required  : ['reply', 'ok'],
            properties: [reply: [type: 'string', pattern: '^You said: '], ok: ['const': true]],
        ])
    }
}

test('the json-api answers with JSON only') {
    vars input: 'count these words please'
    options([:])
    expect {
        javascript "context.provider.label == 'chatty' || JSON.parse(output).words == 6"   // javascript is Groovy here
    }
}
