// the prompt of every case: its question, or (for the case that tests it) a prompt function that never returns
{ vars, provider ->
    if (vars.mode == 'block') { new java.util.concurrent.CountDownLatch(1).await() }
    vars.q
}
