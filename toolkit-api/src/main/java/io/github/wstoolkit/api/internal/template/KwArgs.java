package io.github.wstoolkit.api.internal.template;

import java.io.Serial;
import java.util.LinkedHashMap;

/** Keyword arguments of a call ({@code sort(attribute="name")}): passed as one trailing object, as nunjucks does. */
final class KwArgs extends LinkedHashMap<String, Object> {

    @Serial
    private static final long serialVersionUID = 1L;
}
