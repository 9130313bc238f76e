// wst eval -c examples/assertions-json/strict.groovy — the Groovy form of strict.yaml: is-json against a schema file,
// and equals on a structure.
description 'JSON assertions (strict)'
mockServer()
prompt '{{ input }}'
provider("${env.WST_MOCK_URL}/ws") {
    label 'json-api'
    messageTemplate '{"input": {{ prompt | dump }}}'
    transformResponse { data, context ->
        JSON.stringify([reply: data.message, words: data.message.split(' ').size(), ok: true])
    }
}
test {
    vars input: 'hello'
    expect {
        isJson file('schema.json')
        equals([reply: 'Hello! How can I help you today?', words: 7, ok: true])   // a structure compares as JSON
    }
}
test {
    vars input: 'not json'
    expect {
        isJson()
        not { isJson([type: 'array']) }
    }
}
