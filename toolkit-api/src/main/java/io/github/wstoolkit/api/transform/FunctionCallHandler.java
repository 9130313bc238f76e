package io.github.wstoolkit.api.transform;

/** Answers a model's function call (OpenAI Realtime {@code functionCallHandler}). */
@FunctionalInterface
public interface FunctionCallHandler {

    /**
     * @param name the function's name
     * @param argumentsJson the arguments as the model sent them, JSON text
     * @return the function's output, sent back to the model as text
     */
    String handle(String name, String argumentsJson) throws Exception;
}
