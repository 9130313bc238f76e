// wst eval -c examples/openai-realtime/promptfooconfig.groovy
//
// The Groovy form of promptfooconfig.yaml: the OpenAI Realtime API, one prompt per socket, played offline by the
// embedded mock server (mockServer() starts it for the run; its address reaches this script as env.WST_MOCK_URL).
// Against the real API: remove mockServer(), apiBaseUrl and apiKey, and export OPENAI_API_KEY.
//
// promptfoo grades these answers with llm-rubric; the mock cannot grade, so the checks here are deterministic
// (icontains and friends) on what the mock answers.
description 'OpenAI Realtime, single turn (GA protocol), on the embedded mock server'

mockServer()

prompt file('realtime-input.json')

provider('openai:realtime:gpt-realtime-1.5') {
    apiBaseUrl "${env.WST_MOCK_URL}/v1"
    apiKey 'test-key'
    modalities(['text', 'audio'])
    voice 'alloy'
    instructions 'You are a helpful assistant. Keep your responses concise and informative.'
    temperature 0.7          // accepted for compatibility; the GA session has no temperature, so it is not sent
    websocketTimeout 10000
    tools([[
        type    : 'function',
        function: [
            name       : 'get_weather',
            description: 'Get the current weather for a location',
            parameters : [
                type      : 'object',
                properties: [location: [type: 'string', description: 'The city, e.g. San Francisco']],
                required  : ['location'],
            ],
        ],
    ]])
    tool_choice 'auto'
    // promptfoo's YAML cannot answer a tool call; a Groovy closure can (a Map is sent back as JSON)
    functionCallHandler { name, args ->
        def a = JSON.parse(args)
        [location: a.location, temperature: '72 F', condition: 'sunny']
    }
}

test('Basic question') {
    vars question: 'What are the benefits of real-time communication?'
    expect {
        icontains 'real-time communication'
        latency 10000
    }
}

test('Greeting') {
    vars question: 'Hello! Can you help me?'
    expect { equals 'Hello! How can I help you today?' }
}

test('Customer service') {
    vars question: 'How could a voice assistant improve customer service?'
    expect { icontains 'customer service' }
}

test('Uses the weather function') {
    vars question: "What's the weather like in San Francisco?"
    expect {
        icontains '72 F and sunny'
        icontains '[Function calls were made during processing]'
    }
}
