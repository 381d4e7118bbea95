package io.lifecycleengine.journey;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.FeelEngineFactory;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Camunda's FEEL engine with a fast path for the forms decision tables are mostly made of: a variable
 * name or a string literal as an expression, and comparisons with a number ({@code >= 4}, {@code 1}),
 * string lists ({@code "blog","video"}) and booleans as unary tests. The Scala FEEL engine builds a
 * fresh root context (all built-in functions) and parses the text on every call, which made FEEL the
 * largest single cost of deciding segments. Every other form, and every value the fast path is not
 * sure about (null, non-finite numbers, a type other than the literal's), goes to the Scala engine,
 * so the results are the same; {@code SimpleFeelTest} compares both on every table in {@code bpmn/}.
 */
final class SimpleFeel implements FeelEngine {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern STRING = Pattern.compile("\"([^\"\\\\]*)\"");
    private static final Pattern COMPARISON = Pattern.compile("(<=|>=|<|>)?\\s*(-?\\d{1,18}(?:\\.\\d{1,18})?)");
    private static final int MAX_REMEMBERED = 10_000;

    private final FeelEngine scala;
    private final Map<String, Optional<Expression>> expressions = new ConcurrentHashMap<>();
    private final Map<String, Optional<List<Test>>> unaryTests = new ConcurrentHashMap<>();

    SimpleFeel(FeelEngine scala) {
        this.scala = scala;
    }

    /** The factory to set on the DMN engine's configuration. */
    static FeelEngineFactory factory() {
        FeelEngineFactory scala = new ScalaFeelEngineFactory();
        return () -> new SimpleFeel(scala.createInstance());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T evaluateSimpleExpression(String expression, VariableContext variables) {
        Optional<Expression> simple = remembered(expressions, expression, SimpleFeel::expression);
        if (simple.isPresent()) {
            Optional<Object> value = simple.get().evaluate(variables);
            if (value.isPresent()) {
                return (T) value.get();
            }
        }
        return scala.evaluateSimpleExpression(expression, variables);
    }

    @Override
    public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext variables) {
        Optional<List<Test>> tests = remembered(unaryTests, expression, SimpleFeel::unaryTests);
        if (tests.isPresent()) {
            TypedValue input = variables.resolve(inputVariable);
            Object value = input == null ? null : input.getValue();
            Boolean matched = Boolean.FALSE;
            for (Test test : tests.get()) {
                Boolean result = test.matches(value);
                if (result == null) {
                    matched = null;
                    break;
                }
                if (result) {
                    matched = Boolean.TRUE;
                    break;
                }
            }
            if (matched != null) {
                return matched;
            }
        }
        return scala.evaluateSimpleUnaryTests(expression, inputVariable, variables);
    }

    private static <V> Optional<V> remembered(Map<String, Optional<V>> cache, String text,
                                              Function<String, Optional<V>> parser) {
        Optional<V> known = cache.get(text);
        if (known == null) {
            known = parser.apply(text);
            if (cache.size() < MAX_REMEMBERED) {
                cache.put(text, known);
            }
        }
        return known;
    }

    /** An expression's value, or empty when the Scala engine must decide. */
    private interface Expression {
        Optional<Object> evaluate(VariableContext variables);
    }

    /** Whether a value passes one test of a comma list; null when the Scala engine must decide. */
    private interface Test {
        Boolean matches(Object value);
    }

    static Optional<Expression> expression(String text) {
        String trimmed = text.strip();
        Matcher string = STRING.matcher(trimmed);
        if (string.matches()) {
            Object literal = string.group(1);
            return Optional.of(variables -> Optional.of(literal));
        }
        if (NAME.matcher(trimmed).matches() && !isKeyword(trimmed)) {
            return Optional.of(variables -> variableValue(variables, trimmed));
        }
        return Optional.empty();
    }

    /** A variable's value as FEEL hands it back: whole numbers of the integer types as Long. */
    private static Optional<Object> variableValue(VariableContext variables, String name) {
        if (!variables.containsVariable(name)) {
            return Optional.empty();
        }
        TypedValue typed = variables.resolve(name);
        Object value = typed == null ? null : typed.getValue();
        if (value instanceof String || value instanceof Boolean || value instanceof Long) {
            return Optional.of(value);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Optional.of(((Number) value).longValue());
        }
        return Optional.empty();
    }

    static Optional<List<Test>> unaryTests(String text) {
        List<Test> tests = new ArrayList<>();
        for (String part : splitOutsideQuotes(text)) {
            Optional<Test> test = test(part.strip());
            if (test.isEmpty()) {
                return Optional.empty();
            }
            tests.add(test.get());
        }
        return tests.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(tests));
    }

    private static Optional<Test> test(String part) {
        Matcher string = STRING.matcher(part);
        if (string.matches()) {
            String literal = string.group(1);
            return Optional.of(value -> value instanceof String s ? s.equals(literal) : null);
        }
        if (part.equals("true") || part.equals("false")) {
            Boolean literal = Boolean.valueOf(part);
            return Optional.of(value -> value instanceof Boolean b ? b.equals(literal) : null);
        }
        Matcher comparison = COMPARISON.matcher(part);
        if (comparison.matches()) {
            String operator = comparison.group(1) == null ? "=" : comparison.group(1);
            BigDecimal literal = new BigDecimal(comparison.group(2));
            return Optional.of(value -> {
                BigDecimal number = number(value);
                if (number == null) {
                    return null;
                }
                int order = number.compareTo(literal);
                return switch (operator) {
                    case "<" -> order < 0;
                    case "<=" -> order <= 0;
                    case ">" -> order > 0;
                    case ">=" -> order >= 0;
                    default -> order == 0;
                };
            });
        }
        return Optional.empty();
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        return value instanceof BigDecimal decimal ? decimal : null;
    }

    /** Splits a unary test list at its commas; a comma inside a string literal stays in its part. */
    private static List<String> splitOutsideQuotes(String text) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static boolean isKeyword(String name) {
        return switch (name) {
            case "true", "false", "null", "not", "and", "or", "if", "then", "else", "for", "in", "return", "some",
                 "every", "satisfies", "between", "instance", "of", "function", "external" -> true;
            default -> false;
        };
    }
}
