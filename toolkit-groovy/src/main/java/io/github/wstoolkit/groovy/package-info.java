/**
 * What Groovy transforms see beyond the plain values they are given: {@link io.github.wstoolkit.groovy.GroovyJson},
 * bound as {@code JSON}. The transform compiler itself is a service ({@code TransformCompiler}) in an unexported
 * package.
 */
package io.github.wstoolkit.groovy;
