package io.lifecycleengine.system;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports {@link DevSecretsGuard}'s refusal in Spring's few lines instead of a stack trace: it happens before the
 * application context exists, so this analyzer needs nothing from one.
 */
class RefusedSecretsFailureAnalyzer extends AbstractFailureAnalyzer<DevSecretsGuard.RefusedSecrets> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DevSecretsGuard.RefusedSecrets cause) {
        return new FailureAnalysis(cause.description(), DevSecretsGuard.RefusedSecrets.ACTION, cause);
    }
}
