// wst eval -c examples/openai-realtime/promptfooconfig-conversation.groovy
//
// The Groovy form of promptfooconfig-conversation.yaml. Multi-turn conversations (promptfoo's openai-realtime example): tests that share
// metadata.conversationId run on one Realtime socket, each user item following the previous turn's items, so the
// model remembers. Two threads, each on its own socket. The prompt is a Groovy prompt function
// (realtime-conversation.groovy).
//
// The mock remembers per socket: "My name is X" → "Nice to meet you, X!", "What is my name?" → "Your name is X.",
// "What did I say?" → "You said: <previous>".
description 'OpenAI Realtime, multi-turn conversations on persistent sockets'
mockServer()
prompt file('realtime-conversation.groovy')
provider('openai:realtime:gpt-realtime-1.5') {
    apiBaseUrl "${env.WST_MOCK_URL}/v1"
    apiKey 'test-key'
    modalities(['text'])
    voice 'alloy'
    instructions 'You are a helpful assistant. Keep your responses concise and informative.'
    websocketTimeout 10000
    // maintainContext true is the default
}
defaultTest {
    vars system_message: 'You are a helpful travel and technology assistant. Keep answers short.'
}

// two threads, three turns each: [description, question, check]
def threads = [
    japan_travel: [
        ['Japan 1 - introduce yourself', 'My name is Ada and I am planning a trip to Japan.', { icontains 'Nice to meet you, Ada' }],
        ['Japan 2 - follow-up question', 'Which of those places is best to visit in autumn?', { icontains 'autumn' }],
        ['Japan 3 - the socket remembers', 'What is my name?', { equals 'Your name is Ada.' }],
    ],
    tech_thread : [
        ['Tech 1 - a new thread', 'How does real-time AI work over WebSockets?', { icontains 'WebSockets' }],
        ['Tech 2 - recall the previous turn', 'What did I say?', { equals 'You said: How does real-time AI work over WebSockets?' }],
        ['Tech 3 - the Japan thread is not shared', 'What is my name?', { equals "I don't know your name yet." }],
    ],
]
threads.each { conversation, turns ->
    turns.each { description, question, check ->
        test(description) {
            vars question: question
            metadata conversationId: conversation
            expect check
        }
    }
}
