package io.lifecycleengine.messaging;

record ComposedMail(String subject, String text, String html) {
}
