// wst run examples/groovy/call-a-provider.groovy
//
// The toolkit in a script: start the mock server, build a WebSocket provider and call it, then hold a conversation
// with the OpenAI Realtime mock through a RealtimeSession.
def m = mock()                                      // the mock server, on a free loopback port

def bot = websocket(m.wsUri('/ws-stream')) {        // the same block as a config's provider { }
    messageTemplate '{"input": {{ prompt | dump }}, "user": {{ user | dump }}}'
    streamResponse { acc, event, ctx ->
        def msg = JSON.parse(event.data)
        msg.type == 'message' ? [[output: msg.message], true] : [acc, false]
    }
}
def reply = bot.call('Tell me a joke', [user: 'ada'])   // the vars fill the message template
println "bot: ${reply.output}"
println "frames: ${reply.timings.framesReceived()}"

def session = realtimeSession(model: 'gpt-realtime', apiKey: 'test-key', apiBaseUrl: "http://127.0.0.1:${m.port()}/v1")
session.send(new ClientEvent.SessionUpdate([type: 'realtime', output_modalities: ['text']]))
['My name is Ada.', 'What is my name?'].each { text ->
    session.send(ClientEvent.ConversationItemCreate.userText(text))
    session.send(ClientEvent.ResponseCreate.withSessionDefaults())
    println "realtime: ${session.awaitResponse(Duration.ofSeconds(30)).text()}"
}
// the mock server, the provider and the session are closed when the script ends
