package io.lifecycleengine.system;

/** The JSON body of every error answer: a stable machine code and a sentence naming the problem. */
public record ErrorBody(String error, String message) {
}
