// A prompt function: gets the test's vars and the provider ({id, label}); returns the prompt text
// (or a list of chat messages, sent as JSON).
{ vars, provider ->
    "Please repeat, for ${provider.label}: tell me about ${vars.topic}".toString()
}
