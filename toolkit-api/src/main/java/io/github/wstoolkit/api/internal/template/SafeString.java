package io.github.wstoolkit.api.internal.template;

/**
 * What nunjucks' {@code safe} and {@code escape} return: a string wrapped in an object. With autoescaping off it prints
 * like the string, but it is an object for truthiness ({@code "" | safe} is true) and for {@code dump}
 * ({@code {"val":"x","length":1}}).
 */
record SafeString(String val) {

    @Override
    public String toString() {
        return val;
    }
}
