/**
 * JSON text to and from plain Java values, with JavaScript's {@code JSON.parse} / {@code JSON.stringify}
 * semantics where they differ from Java's (number formatting, escaping, indentation), so outputs match promptfoo's
 * byte for byte.
 */
package io.github.wstoolkit.api.json;
