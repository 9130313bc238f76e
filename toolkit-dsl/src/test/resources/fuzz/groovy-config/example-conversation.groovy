// wst eval -c examples/conversation/promptfooconfig.groovy
// The Groovy form of promptfooconfig.yaml. Multi-turn conversations: `_conversation` holds the earlier turns of the
// same conversation (provider x prompt x metadata.conversationId). Turns of one conversation run in order; different
// conversations run in parallel.
description 'Conversations with _conversation'
mockServer()
prompt '''{% for turn in _conversation %}[{{ loop.index }}] {{ turn.input | replace('\\n', ' ') }} -> {{ turn.output }}
{% endfor %}{{ question }}'''
provider("${env.WST_MOCK_URL}/ws") {
    label 'echo'
    messageTemplate '{"input": {{ prompt | dump }}}'
    transformResponse { data, context -> data.message }
}

// a helper: one turn of a conversation
def turn(String conversation, String description, String question, checks) {
    test(description) {
        metadata conversationId: conversation
        vars question: question
        expect checks
    }
}

turn('trip', 'trip, turn 1', 'Plan a trip to Japan') { equals 'You said: Plan a trip to Japan' }
turn('trip', 'trip, turn 2', 'What about food?') { contains '[1] Plan a trip to Japan' }
turn('tech', 'tech, turn 1', 'Explain WebSockets') {
    not { contains 'Japan' }            // another conversation: no history from the trip
}
turn('trip', 'trip, turn 3', 'And the weather?') { containsAll '[1] Plan a trip', '[2] ', 'And the weather?' }
