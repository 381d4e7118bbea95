package io.lifecycleengine.journey;

import org.camunda.bpm.engine.delegate.VariableScope;

/** Typed reads of process variables that fail with the variable's name instead of a bare cast error. */
final class ProcessVariables {

    private ProcessVariables() {
    }

    static String string(VariableScope scope, String name) {
        return require(name, scope.getVariable(name), String.class);
    }

    static String localString(VariableScope scope, String name) {
        return require(name, scope.getVariableLocal(name), String.class);
    }

    static long number(VariableScope scope, String name) {
        return require(name, scope.getVariable(name), Number.class).longValue();
    }

    private static <T> T require(String name, Object value, Class<T> type) {
        if (!type.isInstance(value)) {
            throw new IllegalStateException("Process variable '" + name + "' must be a " + type.getSimpleName()
                    + " but is " + (value == null ? "missing" : value.getClass().getSimpleName()));
        }
        return type.cast(value);
    }
}
