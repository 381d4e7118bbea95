package io.lifecycleengine.messaging;

import java.util.List;

/** A template: its message kind, whether it is marketing, its holdout share and what its variants depend on. */
record TemplateInfo(String kind, boolean marketing, double holdout, List<String> variesBy) {
}
