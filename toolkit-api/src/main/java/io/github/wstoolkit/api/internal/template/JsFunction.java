package io.github.wstoolkit.api.internal.template;

import java.util.List;

/** Something a template can call: {@code range(3)}, {@code joiner()}, {@code "a,b".split(",")}. */
@FunctionalInterface
interface JsFunction {

    Object call(List<Object> args);
}
