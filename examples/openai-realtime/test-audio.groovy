// wst eval -c examples/openai-realtime/test-audio.groovy
//
// The Groovy form of test-audio.yaml. Audio both ways: the model answers with speech, which comes back as a WAV file
// (24 kHz, mono, 16-bit) in metadata.audio (and in audioOutputDir when set); and a question is sent as audio from
// question.wav (16 kHz here, converted to PCM16 24 kHz mono on the way).
description 'OpenAI Realtime, audio in and out'
mockServer()
prompt '{{ question }}'
provider('openai:realtime:gpt-realtime') {
    apiBaseUrl "${env.WST_MOCK_URL}/v1"
    apiKey 'test-key'
    modalities(['text', 'audio'])
    voice 'cedar'
    maintainContext false
    // audioOutputDir 'audio-out'   // also write each spoken answer to audio-out/realtime-<responseId>.wav
    inputAudioVar 'audio_file'
    websocketTimeout 10000
}

test('Say hello clearly (spoken answer with a transcript)') {
    vars question: 'Say hello clearly'
    expect { icontains 'hello' }
}

test('A spoken question from a WAV file') {
    vars question: '', audio_file: 'question.wav'
    expect { icontains '[audio]' }
}
