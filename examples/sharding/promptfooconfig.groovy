// wst eval -c examples/sharding/promptfooconfig.groovy --shard 1/4 -o shard-1.json   (and 2/4, 3/4, 4/4)
// wst merge shard-*.json -o results.json report.html
//
// The Groovy form of promptfooconfig.yaml (the same suite, loaded into the same records). A suite to split over
// machines: `--shard I/N` runs one slice of its plan (the same slice on every machine), `wst merge` makes one run
// of the slices. It runs offline: mockServer() starts the mock server in each shard's process. To test your
// endpoint, replace the providers and drop mockServer(); every shard then calls the same endpoint, with the same
// secrets in its environment.
description 'Sharding: a support bot suite split over machines'

mockServer()

prompt '{{ question }}'

provider("${env.WST_MOCK_URL}/ws") {
    label 'bot'
    messageTemplate '{"input": {{ prompt | dump }}}'
    transformResponse { data, context -> data.message }
    timeoutMs 10000
}

provider("${env.WST_MOCK_URL}/ws-stream") {
    label 'streaming-bot'
    messageTemplate '{"input": {{ prompt | dump }}}'
    streamResponse { acc, event, ctx ->
        def m = JSON.parse(event.data)
        if (m.type == 'message') return [[output: m.message], true]
        if (m.type == 'error') return [[error: m.message], true]
        [acc, false]
    }
    timeoutMs 10000
}

// 24 questions x 2 providers: 48 cases, spread evenly over the shards
test {
    vars question: [
        'What is your refund policy?',
        'When are you open?',
        'How much is shipping to Norway?',
        'Can I change my delivery address?',
        'Do you ship on weekends?',
        'How do I reset my password?',
        'Where is my order?',
        'Can I pay by bank transfer?',
        'Do you have a student discount?',
        'How do I close my account?',
        'Is there a warranty on shoes?',
        'Can I return a gift?',
        'How long does a refund take?',
        'Do you sell gift cards?',
        'Can I order by phone?',
        'What sizes do you stock?',
        'Are your products vegan?',
        'Do you ship to Iceland?',
        'How do I unsubscribe from emails?',
        'Can I pick up in store?',
        'What is a loyalty point worth?',
        'Can I cancel an order?',
        'Do you price match?',
        'Who do I contact about a damaged parcel?',
    ]
    expect {
        contains '{{ question }}'
        latency 10000
    }
}

// one conversation: its turns stay on one shard and run there in order
def turn(String description, String question, checks) {
    test(description) {
        metadata conversationId: 'onboarding'
        vars question: question
        expect checks
    }
}

turn('onboarding, turn 1', 'Hello there') { icontains 'hello' }
turn('onboarding, turn 2', 'I would like to open an account') { contains 'open an account' }
turn('onboarding, turn 3', 'What do I need for that?') { contains 'What do I need' }
