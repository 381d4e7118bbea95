package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngineFactory;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.bpm.model.dmn.Dmn;
import org.camunda.bpm.model.dmn.DmnModelInstance;
import org.camunda.bpm.model.dmn.instance.InputEntry;
import org.camunda.bpm.model.dmn.instance.InputExpression;
import org.camunda.bpm.model.dmn.instance.OutputEntry;
import org.junit.jupiter.api.Test;

/** The fast path gives what Camunda's Scala FEEL engine gives, on every expression of the tables in {@code bpmn/}. */
class SimpleFeelTest {

    private static final List<Object> VALUES = Arrays.asList(null, 0, 1, 2, 3, 4, 9, 10, 11, 59, 60, 61, 499, 500, 501,
            -1, 1L, 500L, (short) 2, 0.0, 1.0, 2.5, 499.99, 500.0, Double.NaN, Double.POSITIVE_INFINITY,
            new BigDecimal("500.00"), "blog", "video", "email", "lesson", "none", "", "1", true, false,
            Date.from(Instant.EPOCH), List.of(1));

    private static final List<String> MORE_TESTS = List.of("< 3", "<= 3", "> 2.5", ">= -1", "2", "-1", "1, 2, 3",
            "\"a\",\"blog\"", "\"x,y\", \"blog\"", "\"a\", 2", "true, false", "not(\"blog\")", "[1..5]", "> 1, \"x\"",
            "0.5", ".5", "\"unclosed", "x", "1 + 1", "- 1");

    private final FeelEngine scala = new ScalaFeelEngineFactory().createInstance();
    private final AtomicInteger delegated = new AtomicInteger();
    private final SimpleFeel simple = new SimpleFeel(counting(scala));

    @Test
    void unaryTestsOfEveryTableMatchTheScalaEngine() throws IOException {
        List<String> tests = new ArrayList<>(MORE_TESTS);
        models().forEach(model -> model.getModelElementsByType(InputEntry.class).stream()
                .map(entry -> entry.getText().getTextContent())
                .filter(text -> !text.isBlank())
                .forEach(tests::add));
        assertThat(tests).contains(">= 2", "\"blog\"", "true", "1");

        for (String test : tests) {
            for (Object value : VALUES) {
                VariableContext context = Variables.createVariables().putValue("cellInput", value).asVariableContext();
                assertThat(outcome(() -> simple.evaluateSimpleUnaryTests(test, "cellInput", context)))
                        .as("%s with %s", test, value)
                        .isEqualTo(outcome(() -> scala.evaluateSimpleUnaryTests(test, "cellInput", context)));
            }
        }
    }

    @Test
    void expressionsOfEveryTableMatchTheScalaEngine() throws IOException {
        List<String> expressions = new ArrayList<>(List.of("x", "\"a b\"", "missing", "true", "null", "x + 1",
                "\"with \\\" quote\"", "date(\"2024-01-01\")"));
        models().forEach(model -> {
            model.getModelElementsByType(InputExpression.class)
                    .forEach(input -> expressions.add(input.getText().getTextContent()));
            model.getModelElementsByType(OutputEntry.class)
                    .forEach(output -> expressions.add(output.getText().getTextContent()));
        });
        assertThat(expressions).contains("activeDays7d", "\"highly-active\"");

        for (String expression : expressions) {
            for (Object value : VALUES) {
                VariableContext context = Variables.createVariables().putValue("x", value).putValue(expression.strip(), value)
                        .asVariableContext();
                assertThat(outcome(() -> simple.evaluateSimpleExpression(expression, context)))
                        .as("%s with %s", expression, value)
                        .isEqualTo(outcome(() -> scala.evaluateSimpleExpression(expression, context)));
            }
        }
    }

    @Test
    void theTablesFormsNeedNoScalaEvaluation() throws IOException {
        VariableContext numbers = Variables.createVariables().putValue("cellInput", 7).putValue("activeDays7d", 7)
                .asVariableContext();
        VariableContext strings = Variables.createVariables().putValue("cellInput", "blog").asVariableContext();
        VariableContext flags = Variables.createVariables().putValue("cellInput", true).asVariableContext();

        models().forEach(model -> {
            model.getModelElementsByType(InputEntry.class).stream()
                    .map(entry -> entry.getText().getTextContent())
                    .filter(text -> !text.isBlank())
                    .forEach(test -> simple.evaluateSimpleUnaryTests(test, "cellInput",
                            test.startsWith("\"") ? strings : test.equals("true") ? flags : numbers));
            model.getModelElementsByType(OutputEntry.class)
                    .forEach(output -> simple.evaluateSimpleExpression(output.getText().getTextContent(), numbers));
        });
        simple.evaluateSimpleExpression("activeDays7d", numbers);

        assertThat(delegated).hasValue(0);
        simple.evaluateSimpleUnaryTests("[1..5]", "cellInput", numbers);
        assertThat(delegated).hasValue(1);
    }

    private static List<DmnModelInstance> models() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            return files.filter(file -> file.toString().endsWith(".dmn")).map(file -> Dmn.readModelFromFile(file.toFile()))
                    .toList();
        }
    }

    /** The value, or the kind of failure: both engines must fail alike where FEEL cannot evaluate. */
    private static Object outcome(Supplier<Object> evaluation) {
        try {
            Object value = evaluation.get();
            return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
        } catch (RuntimeException failed) {
            return "failed";
        }
    }

    private FeelEngine counting(FeelEngine engine) {
        return new FeelEngine() {
            @Override
            public <T> T evaluateSimpleExpression(String expression, VariableContext variables) {
                delegated.incrementAndGet();
                return engine.evaluateSimpleExpression(expression, variables);
            }

            @Override
            public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext variables) {
                delegated.incrementAndGet();
                return engine.evaluateSimpleUnaryTests(expression, inputVariable, variables);
            }
        };
    }
}
