// The training run of the image's AOT cache (toolkit-shell/src/aot/train.sh runs it as `wst run training.groovy DIR`
// with -XX:AOTCacheOutput): what users start wst for, in one JVM, so the cache holds the classes of that work, linked
// (no method profiles: bin/wst says why). Deterministic and offline: the mock server on port 0, no network beyond loopback,
// scratch files in DIR. Every command's output goes to a sink; a command that fails fails the training (and the
// build), so a cache is never trained on an error path.
import io.github.wstoolkit.mockserver.MockServer
import io.github.wstoolkit.shell.Wst
import java.nio.file.Files
import java.nio.file.Path

def dir = Path.of(args[0])
def repo = Path.of(args[1])
def env = new HashMap<String, String>(System.getenv())
env.WST_HOME = dir.resolve('home').toString()
env.remove('WST_MOCK_URL')

def wst = { List<String> argv, String stdin = '', List<Integer> expected = [0] ->
    def out = new ByteArrayOutputStream()
    int code = Wst.run(argv as String[], new ByteArrayInputStream(stdin.getBytes('UTF-8')),
            new PrintStream(out, true, 'UTF-8'), new PrintStream(out, true, 'UTF-8'), env, dir)
    if (!(code in expected)) {
        throw new IllegalStateException("training: wst ${argv.join(' ')} exited ${code}:\n${out.toString('UTF-8')}")
    }
}

// 1. start-up alone
wst(['--version'])
wst(['--help'])

// 2. the README's main job: an eval whose config starts the embedded mock, with the result table and the run recorded
wst(['eval', '-c', repo.resolve('examples/getting-started/promptfooconfig.yaml').toString()])

// 3. a larger eval, as the benchmarks run it: streamed frames through a Groovy streamResponse, equals assertions, -j 32,
// a JSON and a JSONL report written
def config = new StringBuilder('''\
description: AOT training
mockServer: true
prompts: ['{{ q }}']
providers:
  - id: '{{ env.WST_MOCK_URL }}/ws-stream'
    config:
      messageTemplate: '{"input": {{ prompt | dump }}}'
      timeoutMs: 30000
      streamResponse: |
        { acc, event, ctx ->
          def m = JSON.parse(event.data)
          m.type == 'message' ? [[output: m.message], true] : [acc, false]
        }
  - id: '{{ env.WST_MOCK_URL }}/ws'
    config:
      messageTemplate: '{"input": {{ prompt | dump }}}'
      transformResponse: 'data.message'
tests:
''')
600.times { i ->
    def q = "case ${i} alpha beta gamma delta"
    config << "  - vars: {q: '${q}'}\n    assert: [{type: equals, value: 'You said: ${q}'}, {type: contains, value: alpha}]\n"
}
def yaml = dir.resolve('training.yaml')
Files.writeString(yaml, config.toString())
wst(['eval', '-c', yaml.toString(), '-j', '32', '--no-progress-bar', '--no-table',
     '-o', dir.resolve('out.json').toString(), '-o', dir.resolve('out.jsonl').toString()])

// 4. the history: the runs recorded above, listed and shown
wst(['list'])
wst(['show', 'latest', '--no-table'])

// 5. the shell in scripted mode against a mock server (what `wst mock` starts): a message, Groovy at the prompt, a
// transform
MockServer.builder().port(0).start().withCloseable { mock ->
    def url = "ws://127.0.0.1:${mock.port()}/ws-stream"
    wst(['shell', url], 'hello\n= [1, 2].sum()\n/transform { acc, event, ctx -> [acc, true] }\n/exit\n')
}
wst(['render', '{"prompt": {{ prompt | dump }}}', '--var', 'prompt=hi'])
