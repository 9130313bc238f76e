package io.github.wstoolkit.api.transform;

import java.util.Map;

/**
 * A prompt written as code (promptfoo's JavaScript prompt functions): builds the prompt from the test's vars.
 * Returns a String, or a List/Map of chat messages that is sent as JSON.
 */
@FunctionalInterface
public interface PromptFunction {

    /**
     * Builds the prompt of one test case for one provider.
     *
     * @param vars the test's vars, {@code _conversation} included when the prompt's source mentions it
     * @param provider the provider it is rendered for: {@code id} and {@code label}
     * @return the prompt: a String, or chat messages (a List or Map) sent as JSON
     * @throws Exception anything; the test case is then recorded as an error
     */
    Object render(Map<String, Object> vars, Map<String, Object> provider) throws Exception;
}
