package io.github.wstoolkit.api.transform;

/** Answers a model's function call (OpenAI Realtime {@code functionCallHandler}). */
@FunctionalInterface
public interface FunctionCallHandler {

    /**
     * Runs the function the model called; the provider sends the result back and lets the model go on.
     *
     * @param name the function's name
     * @param argumentsJson the arguments as the model sent them, JSON text
     * @return the function's output, sent back to the model as text
     * @throws Exception anything; the model is then sent {@code {"error":"Tool execution failed"}} (the exception's
     *     text is not sent, as it may hold a secret)
     */
    String handle(String name, String argumentsJson) throws Exception;
}
