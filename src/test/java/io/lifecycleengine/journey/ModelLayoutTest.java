package io.lifecycleengine.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The models open cleanly in Camunda Modeler: every element has its diagram shape or edge. */
class ModelLayoutTest {

    @ParameterizedTest
    @CsvSource({"bpmn/user-lifecycle.bpmn, user-lifecycle, 60", "bpmn/send-journey-message.bpmn, send-journey-message, 10"})
    void everyFlowNodeAndSequenceFlowIsLaidOut(String file, String processKey, int atLeast) {
        BpmnModelInstance model = Bpmn.readModelFromStream(resource(file));
        Set<String> drawn = new HashSet<>();
        model.getModelElementsByType(BpmnShape.class).forEach(shape -> drawn.add(shape.getBpmnElement().getId()));
        model.getModelElementsByType(BpmnEdge.class).forEach(edge -> {
            assertThat(edge.getWaypoints()).as("waypoints of %s", edge.getId()).hasSizeGreaterThanOrEqualTo(2);
            drawn.add(edge.getBpmnElement().getId());
        });

        Set<String> elements = model.getModelElementsByType(FlowNode.class).stream().map(BaseElement::getId)
                .collect(Collectors.toSet());
        elements.addAll(model.getModelElementsByType(SequenceFlow.class).stream().map(BaseElement::getId).toList());

        assertThat(elements).hasSizeGreaterThanOrEqualTo(atLeast);
        assertThat(drawn).containsAll(elements);
        Process process = model.getModelElementById(processKey);
        assertThat(process.isExecutable()).isTrue();
        assertThat(process.getCamundaHistoryTimeToLiveString()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource({"bpmn/user-lifecycle.bpmn", "bpmn/send-journey-message.bpmn"})
    void edgesJoinTheirShapesAndNoLabelIsCoveredByAShapeALabelOrAnEdge(String file) {
        BpmnModelInstance model = Bpmn.readModelFromStream(resource(file));
        Map<String, Bounds> shapes = new HashMap<>();
        Map<String, Bounds> labels = new HashMap<>();
        model.getModelElementsByType(BpmnShape.class).forEach(shape -> {
            shapes.put(shape.getBpmnElement().getId(), shape.getBounds());
            if (shape.getBpmnLabel() != null) {
                labels.put(shape.getBpmnElement().getId(), shape.getBpmnLabel().getBounds());
            }
        });
        model.getModelElementsByType(BpmnEdge.class).stream().filter(edge -> edge.getBpmnLabel() != null)
                .forEach(edge -> labels.put(edge.getBpmnElement().getId(), edge.getBpmnLabel().getBounds()));
        List<String> problems = new ArrayList<>();
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            SequenceFlow flow = (SequenceFlow) edge.getBpmnElement();
            List<Waypoint> points = List.copyOf(edge.getWaypoints());
            if (!touches(shapes.get(flow.getSource().getId()), points.get(0))
                    || !touches(shapes.get(flow.getTarget().getId()), points.get(points.size() - 1))) {
                problems.add(flow.getId() + " does not start and end at its shapes");
            }
            for (int i = 1; i < points.size(); i++) {
                Waypoint a = points.get(i - 1);
                Waypoint b = points.get(i);
                double[] segment = {Math.min(a.getX(), b.getX()), Math.min(a.getY(), b.getY()),
                        Math.abs(a.getX() - b.getX()), Math.abs(a.getY() - b.getY())};
                labels.forEach((id, label) -> {
                    if (!id.equals(flow.getId()) && overlap(segment, box(label))) {
                        problems.add(flow.getId() + " runs through the label of " + id);
                    }
                });
            }
        }
        labels.forEach((id, label) -> {
            shapes.forEach((other, shape) -> {
                if (overlap(box(label), box(shape))) {
                    problems.add("the label of " + id + " covers " + other);
                }
            });
            labels.forEach((other, otherLabel) -> {
                if (id.compareTo(other) < 0 && overlap(box(label), box(otherLabel))) {
                    problems.add("the labels of " + id + " and " + other + " overlap");
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"lifecycle-stage", "segment-engagement", "segment-purchase", "segment-usage", "segment-content",
            "segment-intent"})
    void everyDecisionTableIsLaidOut(String decision) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document dmn = factory.newDocumentBuilder().parse(resource("bpmn/" + decision + ".dmn"));

        NodeList shapes = dmn.getElementsByTagNameNS("https://www.omg.org/spec/DMN/20191111/DMNDI/", "DMNShape");

        assertThat(shapes.getLength()).isEqualTo(1);
        assertThat(shapes.item(0).getAttributes().getNamedItem("dmnElementRef").getNodeValue()).isEqualTo(decision);
    }

    private static boolean touches(Bounds shape, Waypoint point) {
        return point.getX() >= shape.getX() - 2 && point.getX() <= shape.getX() + shape.getWidth() + 2
                && point.getY() >= shape.getY() - 2 && point.getY() <= shape.getY() + shape.getHeight() + 2;
    }

    private static double[] box(Bounds bounds) {
        return new double[] {bounds.getX(), bounds.getY(), bounds.getWidth(), bounds.getHeight()};
    }

    private static boolean overlap(double[] a, double[] b) {
        return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    }

    private static InputStream resource(String path) {
        InputStream stream = ModelLayoutTest.class.getClassLoader().getResourceAsStream(path);
        assertThat(stream).as(path).isNotNull();
        return stream;
    }
}
