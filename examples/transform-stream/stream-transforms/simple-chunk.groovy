// promptfoo's stream-transforms/simple-chunk.js, in Groovy: called for every frame with the latest message and all
// messages so far; returns [:] to keep listening, [done: true, output: ...] or [done: true, error: ...] to finish.
{ context ->
    def message = context.message
    def messages = context.messages
    if (message.type == 'done' || message.type == 'complete') {
        def output = message.content ?: messages.findAll { it.type == 'chunk' && it.delta }.collect { it.delta }.join('')
        return [done: true, output: output]
    }
    if (message.type == 'error') {
        return [done: true, error: message.error ?: 'Stream error occurred']
    }
    return [:]
}
