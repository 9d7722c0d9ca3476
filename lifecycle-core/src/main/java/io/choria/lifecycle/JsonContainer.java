package io.choria.lifecycle;

/**
 * A JSON object or array where a field holds neither (skipped, not kept): whether it is an array,
 * and the first character inside it after white space ({@code '}'} or {@code ']'} when empty),
 * which is what json-iterator's next read trips over when the SDK reads only its first byte.
 */
record JsonContainer(boolean array, char firstInside) {
}
