// wst eval -c examples/openai-realtime/promptfooconfig-function-calling.groovy
//
// The Groovy form of promptfooconfig-function-calling.yaml: the model calls get_weather, the Groovy handler in
// weather-handler.groovy answers, the model's follow-up uses the answer.
description 'OpenAI Realtime, function calling with a Groovy handler'
mockServer()
prompt file('realtime-input.json')
provider('openai:realtime:gpt-realtime-1.5') {
    apiBaseUrl "${env.WST_MOCK_URL}/v1"
    apiKey 'test-key'
    modalities(['text'])
    instructions 'You are a helpful assistant. Use the weather tool for weather questions.'
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
    functionCallHandler file('weather-handler.groovy:getWeather')   // a handler in a file, by name
    toolCallTimeout 5000
    maxToolIterations 4
}

test('Weather in San Francisco goes through the handler') {
    vars question: "What's the weather like in San Francisco?"
    expect {
        icontains 'sunny'
        icontains 'San Francisco'
    }
}

test('Weather in Paris') {
    vars question: "What's the weather in Paris?"
    expect { icontains '72 F' }
}

test('No tool for a plain question') {
    vars question: 'Tell me a joke'
    expect {
        icontains 'programmer'
        not { icontains 'Function calls were made' }
    }
}
