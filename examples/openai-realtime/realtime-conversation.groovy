// promptfoo's realtime-conversation.js, in Groovy: the whole conversation as Realtime messages.
//
// The provider sends only the last user message (as promptfoo does): the model remembers the earlier turns because
// they ran on the same socket (metadata.conversationId). Mentioning _conversation here also makes the eval run the
// tests one at a time, so each conversation stays contiguous.
{ vars, provider ->
    def messages = [[
        role   : 'system',
        content: [[type: 'input_text', text: vars.system_message ?: 'You are a helpful AI assistant.']],
    ]]
    for (turn in (vars._conversation ?: [])) {
        // turn.input is the content array of the previous last message (promptfoo issue #3471)
        def input = turn.input instanceof List ? turn.input.collect { it.text }.join(' ') : turn.input
        messages << [role: 'user', content: [[type: 'input_text', text: input]]]
        messages << [role: 'assistant', content: [[type: 'text', text: turn.output]]]
    }
    messages << [role: 'user', content: [[type: 'input_text', text: vars.question ?: '']]]
    messages
}
